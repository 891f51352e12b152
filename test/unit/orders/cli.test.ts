/**
 * `pdm rules` and `pdm proposals` on a plant file: show and set rules, list, accept,
 * dismiss, export the CMMS CSV and the printable sheets, and refuse bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, promises as fsp, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../cli/cli-kit';
import { command as rules } from '../../../cli/commands/rules';
import { command as proposals } from '../../../cli/commands/proposals';
import { PlantFile } from '../../../workers/store/plant-file-node';
import { evaluateRun } from '../../../workers/orders/proposals';
import { BASE } from '../features/fixtures';
import { DAY } from '../../../workers/shared/time';
import { REPO_ROOT } from '../../helpers/shared';

let dir: string;
let db: string;

/** A plant file with three daily runs: P-101A high on comp1, '=cmd' medium throughout. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-orders-cli-'));
  db = join(dir, 'plant.sqlite');
  const plant = await PlantFile.open(db, { create: true });
  const s = plant.store;
  s.transaction(() => {
    s.db.run(`INSERT INTO machine_names VALUES(1, 'P-101A'), (2, '=cmd')`);
    s.db.run(`INSERT INTO machines VALUES(1, 'pump', 3), (2, 'fan', 7)`);
    s.db.run(
      `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
         horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1"]', 7, x'00')`,
    );
    for (let d = 1; d <= 3; d++) {
      s.db.run(
        `INSERT INTO runs(model_id, request_key, mode, started, status, rows) VALUES(1, ?, 'latest', 'x', 'ok', 2)`,
        [`k${d}`],
      );
      const id = Number(s.scalar('SELECT last_insert_rowid()'));
      s.db.run('INSERT INTO results VALUES(?,1,?,?,?,?)', [
        id,
        BASE + d * DAY,
        'comp1',
        d === 3 ? 0.8 : 0.1,
        '[["volt_mean_24",0.3,187.25]]',
      ]);
      s.db.run('INSERT INTO results VALUES(?,2,?,?,?,?)', [id, BASE + d * DAY, 'comp1', 0.3, '[]']);
      evaluateRun(s, id, () => Date.UTC(2026, 0, d));
    }
  });
  await plant.save();
  plant.close();
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function run(cmd: typeof rules, argv: string[]) {
  let stdout = '';
  const ctx: CommandContext = {
    signal: new AbortController().signal,
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
  };
  const code = await cmd.run(argv, ctx);
  return { code, stdout, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

describe('pdm rules', () => {
  it('shows the defaults, sets and keeps changes, resets', async () => {
    expect((await run(rules, ['--db', db])).stdout).toBe(
      'high risk: in any run\nmedium or high risk: in 3 consecutive runs\n' +
        'cooldown after a dismissed or done proposal: 2d\n',
    );
    await run(rules, ['--db', db, '--medium-runs', '5', '--cooldown', '36h']);
    expect((await run(rules, ['--db', db, '--json'])).json()).toEqual({
      highRuns: 1,
      mediumRuns: 5,
      cooldownSeconds: 36 * 3600,
    });
    await run(rules, ['--db', db, '--high-runs', '0', '--cooldown', '0']);
    expect((await run(rules, ['--db', db])).stdout).toMatch(
      /high risk: off\n.*5 consecutive.*\n.*none/,
    );
    await run(rules, ['--db', db, '--reset']);
    expect((await run(rules, ['--db', db, '--json'])).json()).toMatchObject({
      highRuns: 1,
      mediumRuns: 3,
    });
  });

  it('refuses bad values, naming them, and stores nothing', async () => {
    await expect(run(rules, ['--db', db, '--medium-runs', '101'])).rejects.toThrow(
      /--medium-runs must be a whole number from 0 to 100/,
    );
    await expect(run(rules, ['--db', db, '--cooldown', 'soon'])).rejects.toThrow(
      /--cooldown: 'soon' is not a length/,
    );
    await expect(run(rules, ['--db', db, '--cooldown', '400d'])).rejects.toThrow(/365 days/);
    expect((await run(rules, ['--db', db, '--json'])).json()).toMatchObject({ mediumRuns: 3 });
  });
});

describe('pdm proposals', () => {
  it('lists the proposals the runs made, with the counts', async () => {
    const r = await run(proposals, ['--db', db]);
    expect(r.stdout).toMatch(/#1 +open +P-101A +comp1 +80\.0% high +high in a run +2015-01-11 +#3/);
    expect(r.stdout).toMatch(/#2 +open +=cmd +comp1 +30\.0% medium +medium x3/);
    expect(r.stdout).toMatch(/2 proposals: 2 open, 0 accepted/);
  });

  it('accepts, exports the accepted ones as CSV and sheets; dismisses with a reason', async () => {
    expect((await run(proposals, ['--db', db, '--accept', '1-2'])).stdout).toBe(
      '2 proposals accepted: #2, #1\n',
    );
    const csv = join(dir, 'orders.csv');
    expect((await run(proposals, ['--db', db, '--out', csv])).stdout).toMatch(
      /^2 accepted proposals written to/,
    );
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'asset_id,title,description,priority,due_date,component,source_run,proposal_id,risk_percent,risk_level,state',
    );
    expect(lines[1]).toBe(
      'P-101A,Check comp1 on machine P-101A,Risk high (80.0 %) in scoring run #3. Risk 80.0 % (high) at the data of 2015-01-04 00:00. ' +
        'Top reasons: volt mean over 24 h 187.3.,1,2015-01-11,comp1,3,1,80,high,accepted',
    );
    // A machine id that a spreadsheet would run as a formula is defused.
    expect(lines[2]).toMatch(
      /^"'=cmd",Check comp1 on machine =cmd,Risk medium or high in 3 consecutive scoring runs \(#1 to #3\)\./,
    );
    const html = join(dir, 'orders.html');
    await run(proposals, ['--db', db, '--out', html, '--plant', 'North <plant>']);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<section class="sheet">/g)).toHaveLength(2);
    expect(page).toContain('North &lt;plant&gt;');
    expect(page).toContain('Work orders — Machine P-101A');

    await expect(run(proposals, ['--db', db, '--dismiss', '2'])).rejects.toThrow(/needs a reason/);
    await run(proposals, ['--db', db, '--dismiss', '2', '--reason', 'fan runs fine']);
    const list = (await run(proposals, ['--db', db, '--state', 'dismissed', '--json'])).json();
    expect(list.proposals).toMatchObject([
      { id: 2, state: 'dismissed', dismissReason: 'fan runs fine' },
    ]);
  });

  it('refuses unknown ids as a whole, bad states and bad file types', async () => {
    await expect(run(proposals, ['--db', db, '--done', '2,9'])).rejects.toThrow(/no proposal #9/);
    expect(
      (await run(proposals, ['--db', db, '--state', 'open', '--json'])).json().proposals,
    ).toHaveLength(2);
    await expect(run(proposals, ['--db', db, '--state', 'closed'])).rejects.toThrow(
      /--state must be one of open, accepted, dismissed, done/,
    );
    await expect(run(proposals, ['--db', db, '--out', join(dir, 'x.pdf')])).rejects.toThrow(
      /\.csv or \.html/,
    );
    await expect(run(proposals, ['--db', db, '--accept', '2', '--done', '1'])).rejects.toThrow(
      /one of/,
    );
    await expect(run(proposals, ['--db', db, '--accept', 'x'])).rejects.toThrow(
      /not a proposal number/,
    );
  });

  it('the pdm command exits 1 on bad input and documents the CSV in --help', () => {
    const bad = spawnSync(
      process.execPath,
      ['bin/pdm.js', 'rules', '--db', db, '--high-runs', '2.5'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--high-runs must be a whole number/);
    const help = spawnSync(process.execPath, ['bin/pdm.js', 'proposals', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      'asset_id, title, description, priority, due_date, component, source_run',
    );
  });
});
