/** Seeded generator of hostile IPC payloads for the electron tests. */
import { createRng as mulberry32 } from '../../../workers/forest/rng';
/** Mulberry32, seeded (the generator of workers/forest/rng.ts). */
export { mulberry32 };

/** Values no validator should accept where a path, name, text or database is expected. */
export function badValues(seed: number, count: number): unknown[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const polluted = JSON.parse(
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
  );
  const fixed: unknown[] = [
    undefined,
    null,
    NaN,
    Infinity,
    -0,
    0,
    42,
    true,
    false,
    10n,
    Symbol('s'),
    () => 'x',
    [],
    ['/etc/passwd'],
    {},
    polluted,
    Object.create(null),
    { toString: () => '/etc/passwd' },
    new Date(0),
    new ArrayBuffer(16),
    new Uint16Array(8),
    new Float64Array(4),
    '',
    'x'.repeat(5000),
    'x'.repeat(1_000_000),
    '/etc/passwd',
    '/etc/passwd\u0000.pdm',
    '../../etc/passwd',
    'C:\\Windows\\system32\\config\\SAM',
    '\\\\server\\share\\plant.pdm',
    'relative/plant.pdm',
    'file:///etc/passwd',
    new Uint8Array(0),
    new Uint8Array(100),
    new TextEncoder().encode('not a database at all'),
  ];
  const out: unknown[] = [...fixed];
  while (out.length < count) {
    const kind = Math.floor(rnd() * 6);
    if (kind === 0) out.push(pick(fixed));
    else if (kind === 1) {
      const len = Math.floor(rnd() * 20000);
      out.push(
        String.fromCharCode(
          ...Array.from({ length: Math.min(len, 5000) }, () => Math.floor(rnd() * 0xffff)),
        ) + 'y'.repeat(Math.max(0, len - 5000)),
      );
    } else if (kind === 2) out.push(rnd() * 1e12 - 5e11);
    else if (kind === 3)
      out.push({ path: pick(fixed), bytes: pick(fixed), __proto__: { admin: true } });
    else if (kind === 4) out.push([pick(fixed), pick(fixed)]);
    else {
      const bytes = new Uint8Array(Math.floor(rnd() * 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
      out.push(bytes);
    }
  }
  return out;
}

/** A byte array that looks like a SQLite database to the header check. */
export function sqliteBytes(extra = 100, fill = 7): Uint8Array {
  const head = new TextEncoder().encode('SQLite format 3\u0000');
  const out = new Uint8Array(head.length + extra).fill(fill);
  out.set(head, 0);
  return out;
}
