/**
 * Collects files from a drop, including dropped folders (read through the entries API,
 * recursively), keeping CSV files only.
 */

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, err: (e: unknown) => void) => void;
  createReader?: () => { readEntries(ok: (e: Entry[]) => void, err: (e: unknown) => void): void };
}

async function readEntry(entry: Entry, out: File[]): Promise<void> {
  if (entry.isFile && entry.file) {
    out.push(await new Promise<File>((ok, err) => entry.file!(ok, err)));
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, err) => reader.readEntries(ok, err));
      if (batch.length === 0) break;
      for (const e of batch) await readEntry(e, out);
    }
  }
}

export function isCsv(f: File): boolean {
  return /\.(csv|txt)$/i.test(f.name);
}

export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const out: File[] = [];
  const entries = [...dt.items]
    .map((i) => (i.webkitGetAsEntry ? (i.webkitGetAsEntry() as Entry | null) : null))
    .filter((e): e is Entry => e !== null);
  if (entries.length > 0) {
    for (const e of entries) await readEntry(e, out);
  } else {
    out.push(...dt.files);
  }
  return out.filter(isCsv);
}
