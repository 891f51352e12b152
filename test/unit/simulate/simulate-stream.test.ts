import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PLANT_FILE_NAMES,
  simulatePlant,
  simulatePlantInMemory,
} from '../../../workers/simulate/simulate-plant';
import { writePlantCsv } from '../../../workers/simulate/simulate-node';
import { CancelledError } from '../../../workers/shared/types';

const tmp = mkdtempSync(join(tmpdir(), 'pdm-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('streaming', () => {
  it('hands a big plant over in many bounded chunks, awaiting an async sink', async () => {
    let calls = 0;
    let maxChunk = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const bytes: Record<string, number> = {};
    const summary = await simulatePlant(
      { machines: 12, days: 1200, seed: 2 },
      async (file, chunk) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        calls++;
        maxChunk = Math.max(maxChunk, chunk.length);
        bytes[file] = (bytes[file] ?? 0) + chunk.length;
        await new Promise((r) => setTimeout(r, 0));
        inFlight--;
      },
    );
    expect(summary.rows.telemetry).toBe(12 * 1200 * 24);
    expect(bytes.telemetry).toBeGreaterThan(25e6); // ~2.3 MB per machine
    expect(calls).toBeGreaterThan(12 * 3);
    expect(maxChunk).toBeLessThanOrEqual((1 << 20) + 200);
    expect(maxInFlight).toBe(1);
  });

  it('reports progress per machine and stops when aborted', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    await expect(
      simulatePlant(
        {
          machines: 10,
          days: 5,
          signal: ac.signal,
          onProgress: (p) => {
            seen.push(p.done);
            if (p.done === 3) ac.abort();
          },
        },
        () => {},
      ),
    ).rejects.toThrow(CancelledError);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('writePlantCsv', () => {
  it('writes the same bytes as the in-memory generator under the original file names', async () => {
    const dir = join(tmp, 'plant');
    const r = await writePlantCsv(dir, { machines: 5, days: 20, seed: 9 });
    const mem = await simulatePlantInMemory({ machines: 5, days: 20, seed: 9 });
    expect(readdirSync(dir).sort()).toEqual(Object.values(PLANT_FILE_NAMES).sort());
    for (const k of ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const) {
      const text = readFileSync(join(dir, PLANT_FILE_NAMES[k]), 'utf8');
      expect(text).toBe(mem[k]);
      expect(r.bytes[k]).toBe(Buffer.byteLength(text));
    }
  });

  it('leaves no file behind when cancelled', async () => {
    const dir = join(tmp, 'cancelled');
    const ac = new AbortController();
    await expect(
      writePlantCsv(dir, {
        machines: 20,
        days: 30,
        signal: ac.signal,
        onProgress: (p) => p.done === 5 && ac.abort(),
      }),
    ).rejects.toThrow(CancelledError);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
