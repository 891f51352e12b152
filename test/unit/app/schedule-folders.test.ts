import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import { MODULE_ADAPTERS } from '../../../workers/app/module-adapters';
import type { Persister } from '../../../workers/app/opfs-persister';
import type { ScheduledScore } from '../../../workers/app/schedule-app';
import {
  joinHostPath,
  listFileBase,
  type HostFolderScan,
  type ScheduleFolderAccess,
} from '../../../workers/app/schedule-folders';
import type { ScheduleInput } from '../../../workers/app/schedule-types';
import { maintenanceListForRun } from '../../../workers/report/list-for-run';
import type { Store } from '../../../workers/store/store';

/** Thursday 2026-01-01 10:00 UTC. */
const T0 = Date.UTC(2026, 0, 1, 10);
const enc = new TextEncoder();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function memoryPersister(): Persister {
  let saved: Uint8Array | null = null;
  return {
    async load() {
      return saved ? { bytes: saved, name: 'x' } : null;
    },
    async save(bytes: Uint8Array) {
      saved = bytes;
    },
    async clear() {
      saved = null;
    },
  };
}

/** A scoring run with three results (risks 0.9, 0.6, 0.1 of comp1). */
const fakeScore: ScheduledScore = async (store, _mode, scheduleId) => {
  store.db.run(
    `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
       horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1"]', 7, x'00')`,
  );
  const modelId = Number(store.scalar('SELECT last_insert_rowid()'));
  store.db.run(
    `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows, schedule_id)
     VALUES(?, ?, 'latest', '2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z', 'ok', 3, ?)`,
    [modelId, `k${Math.random()}`, scheduleId],
  );
  const runId = Number(store.scalar('SELECT last_insert_rowid()'));
  [0.9, 0.6, 0.1].forEach((p, i) =>
    store.db.run(
      `INSERT INTO results(run_id, machine_id, t, component, probability, top_features)
       VALUES(?, ?, 1000000, 'comp1', ?, '[]')`,
      [runId, i + 1, p],
    ),
  );
  return { runId, rows: 3, reused: false, maxRisk: 0.9 };
};

/** An in-memory host folder: files by name; a scan returns those with unknown hashes. */
function fakeFolders() {
  const files = new Map<string, Uint8Array>();
  const scans: { dir: string; known: string[] }[] = [];
  const written: { dir: string; name: string; text: string }[] = [];
  const access: ScheduleFolderAccess = {
    async scan(dir, known) {
      scans.push({ dir, known });
      const r: HostFolderScan = { files: [], notStable: [], skipped: [] };
      for (const [name, bytes] of [...files].sort()) {
        const hash = sha(bytes);
        if (known.includes(hash)) continue;
        r.files.push({ name, hash, size: bytes.byteLength, mtimeMs: 1_700_000_000_000, bytes });
      }
      return r;
    },
    async writeFiles(dir, fs) {
      for (const f of fs) written.push({ dir, ...f });
      return fs.map((f) => joinHostPath(dir, f.name));
    },
  };
  return { files, scans, written, access };
}

async function setup() {
  const api = new EngineApi({ ...MODULE_ADAPTERS, scheduledScore: fakeScore });
  await api.initWith(memoryPersister());
  await api.newPlant('north');
  const store = (api as unknown as { store: Store }).store;
  return { api, store };
}

const daily = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'morning run',
  preset: { kind: 'daily', at: '06:00' },
  timeZone: 'UTC',
  retries: 0,
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('schedule runs with host folders (desktop)', () => {
  it('imports a watched export once, records it, and reports a bad file without blocking', async () => {
    const { api, store } = await setup();
    const r = await api.sched.save(
      null,
      daily({ action: { watchDir: '/data/in', score: 'none' } }),
      T0,
    );
    if (!r.ok) throw new Error(r.message);
    const host = fakeFolders();
    host.files.set('machines.csv', enc.encode('machineID,model,age\n1,model3,18\n2,model4,7\n'));
    host.files.set('broken.csv', enc.encode('nothing,we,know\n1,2,3\n'));

    const first = await api.sched.runNow(r.schedule.id, T0, 0.5, undefined, host.access);
    expect(first.finished[0]).toMatchObject({ outcome: 'ran' });
    expect(first.finished[0].details?.import).toMatchObject({ imported: 1, duplicates: 0 });
    expect(first.finished[0].details?.import?.failed).toEqual([
      { path: '/data/in/broken.csv', message: expect.any(String) },
    ]);
    expect(Number(store.scalar('SELECT count(*) FROM machines'))).toBe(2);
    const rows = store.all<{ path: string; status: string; content_hash: string }>(
      'SELECT path, status, content_hash FROM watched_files ORDER BY path',
    );
    expect(rows.map((x) => [x.path, x.status])).toEqual([
      ['/data/in/broken.csv', 'failed'],
      ['/data/in/machines.csv', 'imported'],
    ]);

    // The same content dropped again under another name: not imported twice.
    host.files.set('machines-copy.csv', host.files.get('machines.csv')!);
    const second = await api.sched.runNow(r.schedule.id, T0 + 60_000, 0.5, undefined, host.access);
    expect(host.scans[1].known.sort()).toEqual(rows.map((x) => x.content_hash).sort());
    expect(second.finished[0].details?.import).toMatchObject({ imported: 0, failed: [] });
    expect(Number(store.scalar('SELECT count(*) FROM watched_files'))).toBe(2);
    expect(Number(store.scalar('SELECT count(*) FROM import_log'))).toBe(1);
  });

  it('writes the HTML, CSV and PDF list files named like pdm run-due, with pdm print content', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { api, store } = await setup();
    const r = await api.sched.save(
      null,
      daily({
        action: { score: 'latest', listDir: 'D:\\lists', listFormats: ['html', 'csv', 'pdf'] },
      }),
      T0,
    );
    if (!r.ok) throw new Error(r.message);
    const host = fakeFolders();
    const rep = await api.sched.runNow(r.schedule.id, T0, 0.5, undefined, host.access);
    expect(rep.finished[0].outcome).toBe('ran');
    const base = listFileBase('morning run', T0 / 1000);
    expect(base).toBe('maintenance-list-morning-run-2026-01-01T1000Z');
    expect(host.written.map((w) => [w.dir, w.name])).toEqual([
      ['D:\\lists', `${base}.html`],
      ['D:\\lists', `${base}.csv`],
      ['D:\\lists', `${base}.pdf`],
    ]);
    expect(rep.finished[0].details?.list?.files).toEqual([
      `D:\\lists\\${base}.html`,
      `D:\\lists\\${base}.csv`,
      `D:\\lists\\${base}.pdf`,
    ]);
    const list = maintenanceListForRun(store, {
      runId: rep.finished[0].runId!,
      minRisk: 0.5,
      plant: 'north',
      generated: new Date(T0),
    })!;
    expect(host.written[0].text).toBe(list.html());
    expect(host.written[1].text).toBe(list.csv());
    expect(host.written[2].text).toBe(list.html()); // the desktop prints this page to PDF
    expect(list.rows).toHaveLength(2); // risks 0.9 and 0.6, not 0.1
  });

  it('without host folders (browser) a watched folder still fails with the reason', async () => {
    const { api } = await setup();
    const r = await api.sched.save(
      null,
      daily({ action: { watchDir: '/data/in', score: 'latest' } }),
      T0,
    );
    if (!r.ok) throw new Error(r.message);
    const rep = await api.sched.runNow(r.schedule.id, T0, 0.5);
    expect(rep.finished[0].outcome).toBe('failed');
    expect(rep.finished[0].reason).toMatch(/pdm run-due/);
  });
});
