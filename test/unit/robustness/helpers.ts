/**
 * Shared pieces of the robustness suite: the fixture manifest written by
 * scripts/make-robustness-goldens.ts, importing a variant folder, and comparing a
 * features CSV with the reference golden (same header, rows, datetime and label text,
 * numbers within 1e-6 relative or absolute).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { REPO_ROOT } from '../../helpers/shared';
import { buildFeatures, writeFeaturesCsv } from '../../../workers/features';
import { importPaths, type PathsResult } from '../../../workers/ingest/import-node';
import type { ImportOptions } from '../../../workers/ingest/types';
import { Store } from '../../../workers/store/store';

export const ROBUST_DIR = join(REPO_ROOT, 'test', 'fixtures', 'robustness');

export interface VariantEntry {
  name: string;
  dataset: string;
  about: string;
  options: ImportOptions;
  /** Rows each table must hold after the import (the canonical data's rows). */
  rows: Record<'telemetry' | 'errors' | 'maint' | 'failures' | 'machines', number>;
  /** Rows the import reports as duplicates (overlapping exports). */
  duplicates: number;
}

export const MANIFEST: VariantEntry[] = JSON.parse(
  readFileSync(join(ROBUST_DIR, 'manifest.json'), 'utf8'),
) as VariantEntry[];

export const variantDir = (name: string) => join(ROBUST_DIR, 'variants', name);
export const goldenPath = (dataset: string) => join(ROBUST_DIR, 'goldens', `${dataset}.csv`);

/** Imports a variant folder into a fresh in-memory store. */
export async function importVariant(
  v: VariantEntry,
): Promise<{ store: Store; result: PathsResult }> {
  const store = await Store.open(null);
  const result = await importPaths(store, [variantDir(v.name)], v.options);
  return { store, result };
}

/** The features CSV of the whole plant, as `pdm features` writes it. */
export function featuresCsv(store: Store): string {
  const chunks: string[] = [];
  writeFeaturesCsv(buildFeatures(store), (c) => chunks.push(c), { chunkRows: 50 });
  return chunks.join('');
}

function parseCsv(text: string): string[][] {
  const r = Papa.parse<string[]>(text.trimEnd(), { delimiter: ',', newline: '\n' });
  if (r.errors.length) throw new Error(`CSV parse: ${r.errors[0].message}`);
  return r.data;
}

function close(a: number, b: number): boolean {
  const d = Math.abs(a - b);
  return d <= 1e-6 || d <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Differences between our CSV and the golden, as readable lines (empty when equal).
 * At most `limit` lines; the header and the row count are checked first.
 */
export function diffFeatures(ours: string, golden: string, limit = 8): string[] {
  const o = parseCsv(ours);
  const g = parseCsv(golden);
  const out: string[] = [];
  const header = g[0];
  if (o[0].join('|') !== header.join('|')) {
    out.push(`header differs:\n  ours   ${o[0].join(',')}\n  golden ${header.join(',')}`);
    return out;
  }
  if (o.length !== g.length) out.push(`rows: ours ${o.length - 1}, golden ${g.length - 1}`);
  const last = header.length - 1;
  for (let i = 1; i < Math.min(o.length, g.length) && out.length < limit; i++) {
    const a = o[i];
    const b = g[i];
    if (a.length !== b.length) {
      out.push(`line ${i + 1}: ${a.length} fields, golden ${b.length}`);
      continue;
    }
    for (const c of [0, 1, last]) {
      if (a[c] !== b[c]) out.push(`line ${i + 1} ${header[c]}: '${a[c]}' vs golden '${b[c]}'`);
    }
    for (let c = 2; c < last && out.length < limit; c++) {
      if (a[c] === '' || !close(Number(a[c]), Number(b[c]))) {
        out.push(`line ${i + 1} (${a[0]} ${a[1]}) ${header[c]}: ${a[c]} vs golden ${b[c]}`);
      }
    }
  }
  return out;
}

/** Row counts of the plant tables. */
export function tableCounts(store: Store): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['telemetry', 'errors', 'maint', 'failures', 'machines']) {
    out[t] = Number(store.scalar(`SELECT count(*) FROM ${t}`));
  }
  return out;
}
