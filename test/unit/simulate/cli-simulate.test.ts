import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../../cli/commands/simulate';
import { UserError } from '../../../cli/cli-kit';
import { REPO_ROOT } from '../../helpers/shared';

const tmp = mkdtempSync(join(tmpdir(), 'pdm-sim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ctx() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    ctx: {
      signal: new AbortController().signal,
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
    },
  };
}

describe('pdm simulate', () => {
  it('writes the five files and prints one JSON document with --json', async () => {
    const c = ctx();
    const dir = join(tmp, 'a');
    const code = await command.run(
      ['--out', dir, '--machines', '3', '--days', '4', '--seed', '5', '--json'],
      c.ctx,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(c.out.join(''));
    expect(doc.rows.telemetry).toBe(3 * 4 * 24);
    expect(doc.seed).toBe(5);
    expect(readdirSync(dir).sort()).toEqual([
      'PdM_errors.csv',
      'PdM_failures.csv',
      'PdM_machines.csv',
      'PdM_maint.csv',
      'PdM_telemetry.csv',
    ]);
    expect(c.err.join('')).toMatch(/simulated 3 machines x 4 days/);
  });

  it.each([
    [['--machines', '3'], /--out/],
    [['--out', 'x', '--machines', '0'], /--machines/],
    [['--out', 'x', '--days', 'ten'], /--days/],
    [['--out', 'x', '--start', '2015-13-01'], /--start/],
    [['--out', 'x', '--seed', '-4'], /--seed/],
    [['--out', 'x', '--colour'], /colour/],
  ])('rejects %o naming the option', async (argv, msg) => {
    await expect(command.run(argv, ctx().ctx)).rejects.toThrow(UserError);
    await expect(command.run(argv, ctx().ctx)).rejects.toThrow(msg);
  });

  it('exits 1 with a message on bad input when run as a process', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/pdm.js', 'simulate', '--out', join(tmp, 'b'), '--days', '0'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--days must be a whole number from 1 to 3660/);
  });
});
