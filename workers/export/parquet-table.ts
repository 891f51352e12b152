/**
 * Parquet files of the bundle, written with hyparquet-writer (pure JavaScript, so the
 * browser build writes the same files) in row groups as the rows come, and handed to
 * the sink in chunks of about 1 MB: memory is one row group, not the table.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { BundleFile } from './bundle-sink';

export type ColumnKind = 'string' | 'int64' | 'int32' | 'double';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** May hold nulls (missing values). */
  nullable: boolean;
}

/**
 * Encodings every Parquet reader has (Spark, DuckDB, hyparquet): times as deltas,
 * readings plain (a dictionary rarely pays for measurements and costs time), text
 * (machine ids, site, names) with the writer's dictionary choice.
 */
const ENCODING = { int64: 'DELTA_BINARY_PACKED', double: 'PLAIN' } as const;

/** One row group: per column, strings, bigints, or numbers (null where missing). */
export type ColumnValues = (string | null)[] | BigInt64Array | Int32Array | (number | null)[];

const FLUSH_BYTES = 1 << 20;

function element(c: ColumnSpec) {
  const repetition_type = c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const);
  switch (c.kind) {
    case 'string':
      return {
        name: c.name,
        type: 'BYTE_ARRAY' as const,
        converted_type: 'UTF8' as const,
        repetition_type,
      };
    case 'int64':
      return { name: c.name, type: 'INT64' as const, repetition_type };
    case 'int32':
      return { name: c.name, type: 'INT32' as const, repetition_type };
    case 'double':
      return { name: c.name, type: 'DOUBLE' as const, repetition_type };
  }
}

/** Writes one Parquet file to a bundle file; call add() per row group, then finish(). */
export class ParquetTable {
  private readonly bytes = new ByteWriter();
  private readonly writer: ParquetWriter;
  rows = 0;

  constructor(
    private readonly file: BundleFile,
    private readonly columns: ColumnSpec[],
    meta: Record<string, string> = {},
  ) {
    const w = this.bytes;
    const grow = w.ensure.bind(w);
    // Hand full chunks to the file instead of growing one buffer for the whole table.
    w.ensure = (size: number) => {
      if (w.index > FLUSH_BYTES) this.flush();
      grow(size);
    };
    w.finish = () => this.flush();
    this.writer = new ParquetWriter({
      writer: w,
      schema: [{ name: 'root', num_children: columns.length }, ...columns.map(element)],
      kvMetadata: Object.entries(meta).map(([key, value]) => ({ key, value })),
      createdBy: 'Plant PdM export bundle',
    });
  }

  private flush(): void {
    const w = this.bytes;
    if (w.index > 0) {
      this.file.write(new Uint8Array(w.buffer, 0, w.index));
      w.index = 0;
    }
  }

  add(rows: number, data: ColumnValues[]): void {
    if (rows === 0) return;
    void this.writer.write({
      columnData: this.columns.map((c, i) => ({
        name: c.name,
        data: data[i],
        ...(c.kind === 'int64' || c.kind === 'double' ? { encoding: ENCODING[c.kind] } : {}),
      })),
      rowGroupSize: rows,
    });
    this.rows += rows;
  }

  finish(): void {
    void this.writer.finish();
    this.file.close();
  }
}
