/**
 * Errors are the user's or ours: a missing --out folder, a full disk and a model whose
 * features differ from the data are the user's (exit 1, a message), not internal errors
 * (exit 2 with a stack).
 */
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../cli/cli-kit';
import { userMessage } from '../../../cli/errors';
import { command as print } from '../../../cli/commands/print';
import { withPlant } from '../../../cli/plant';
import { checkFeatures } from '../../../workers/forest/check-features';
import { saveFileAtomic } from '../../../workers/store/plant-file-node';

let dir = '';
beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-cli-errors-'));
});
afterAll(() => fsp.rm(dir, { recursive: true, force: true }));

const caught = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('user errors, not internal ones', () => {
  it('pdm print --out into a missing folder names the folder', async () => {
    const db = join(dir, 'p.pdm');
    await withPlant(db, { write: true, create: true }, async () => undefined);
    const out = join(dir, 'missing', 'list.csv');
    const ctx = { signal: new AbortController().signal, stdout: () => {}, stderr: () => {} };
    const err = await caught(() => print.run(['--db', db, '--out', out], ctx));
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `--out ${out}: the folder ${join(dir, 'missing')} does not exist`,
    );
  });

  it('a save into a missing folder is a user error', async () => {
    const err = await caught(() => saveFileAtomic(join(dir, 'nope', 'x.csv'), new Uint8Array(1)));
    expect(userMessage(err)).toMatch(/could not save .*x\.csv: folder or file does not exist/);
  });

  it('a full disk is a user error saying "disk full"', () => {
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
      path: '/data/features.csv',
    });
    expect(userMessage(e)).toBe('/data/features.csv: disk full (ENOSPC) (while trying to write)');
  });

  it("a model whose features do not match the data's is a user error", async () => {
    const err = await caught(() => checkFeatures({ featureNames: ['a', 'b'] }, ['a', 'c']));
    expect(userMessage(err)).toBe(
      "the data's features do not match the model's (missing features: b; extra features: c)",
    );
  });

  it('bugs stay internal errors', () => {
    expect(userMessage(new Error('boom'))).toBeNull();
    expect(userMessage(new TypeError('x is undefined'))).toBeNull();
    expect(userMessage('a string')).toBeNull();
  });
});
