import {
  mkdtempSync,
  promises as fsp,
  readFileSync,
  existsSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSession } from '../../../electron/file-session';
import { IpcFailure } from '../../../electron/ipc-handle';
import { acquireLock, lockPathFor } from '../../../workers/store/lock-node';
import { saveFileAtomic } from '../../../workers/store/plant-file-node';
import { sqliteBytes } from './fuzz';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-electron-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function session(current: Array<string | null> = []) {
  return new FileSession({
    acquireLock: (p) => acquireLock(p, 'the Plant PdM desktop app'),
    readFile: async (p) => new Uint8Array(await fsp.readFile(p)),
    saveFileAtomic: (p, b) => saveFileAtomic(p, b),
    onCurrent: (ref) => {
      current.push(ref ? ref.path : null);
    },
  });
}

async function failure(p: Promise<unknown>): Promise<IpcFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IpcFailure);
    return e as IpcFailure;
  }
  throw new Error('expected a failure');
}

describe('plant file session', () => {
  it('creates, saves atomically with rotated backups, and releases the lock on close', async () => {
    const path = join(dir, 'north.pdm');
    const seen: Array<string | null> = [];
    const s = session(seen);
    expect(await s.create(path)).toEqual({ path, name: 'north.pdm' });
    expect(existsSync(lockPathFor(path))).toBe(true);
    for (let v = 1; v <= 5; v++) {
      expect(await s.save(sqliteBytes(10, v))).toEqual({ path, bytes: 26 });
    }
    expect(readFileSync(path)[20]).toBe(5);
    expect(readFileSync(`${path}.bak1`)[20]).toBe(4);
    expect(readFileSync(`${path}.bak2`)[20]).toBe(3);
    expect(readFileSync(`${path}.bak3`)[20]).toBe(2);
    expect(existsSync(`${path}.bak4`)).toBe(false);
    expect((await fsp.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await s.close();
    expect(existsSync(lockPathFor(path))).toBe(false);
    expect(seen).toEqual([path, null]);
  });

  it('opens an existing plant file and re-opens the current one without locking itself out', async () => {
    const path = join(dir, 'a.pdm');
    writeFileSync(path, sqliteBytes(50, 9));
    const s = session();
    const opened = await s.open(path);
    expect(opened.name).toBe('a.pdm');
    expect(opened.bytes[30]).toBe(9);
    expect((await s.open(path)).path).toBe(path);
    await s.close();
  });

  it('refuses a file another process holds, naming the holder', async () => {
    const path = join(dir, 'held.pdm');
    writeFileSync(path, sqliteBytes());
    const other = await acquireLock(path, 'pdm run-due');
    const s = session();
    const f = await failure(s.open(path));
    expect(f.code).toBe('locked');
    expect(f.message).toMatch(/pdm run-due/);
    expect(s.current).toBeNull();
    await other.release();
    expect((await s.open(path)).path).toBe(path);
    await s.close();
  });

  it('takes over a stale lock left by a crashed process', async () => {
    const path = join(dir, 'stale.pdm');
    writeFileSync(path, sqliteBytes());
    const { hostname } = await import('node:os');
    writeFileSync(
      lockPathFor(path),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        hostname: hostname(),
        owner: 'crashed',
        started: '2020-01-01T00:00:00Z',
      }),
    );
    const s = session();
    expect((await s.open(path)).path).toBe(path);
    expect(JSON.parse(readFileSync(lockPathFor(path), 'utf8')).pid).toBe(process.pid);
    await s.close();
  });

  it('refuses files that are not SQLite, without keeping their lock', async () => {
    const path = join(dir, 'notes.pdm');
    writeFileSync(path, 'machineID,datetime\n1,2015-01-01');
    const s = session();
    const f = await failure(s.open(path));
    expect(f.code).toBe('io');
    expect(f.message).toMatch(/not a plant file/);
    expect(existsSync(lockPathFor(path))).toBe(false);
    const g = await failure(s.open(join(dir, 'missing.pdm')));
    expect(g.code).toBe('io');
    expect(existsSync(lockPathFor(join(dir, 'missing.pdm')))).toBe(false);
  });

  it('save without a file asks for Save As; Save As moves the lock to the new file', async () => {
    const s = session();
    expect((await failure(s.save(sqliteBytes()))).code).toBe('no-file');
    const a = join(dir, 'a.pdm');
    const b = join(dir, 'b.pdm');
    await s.create(a);
    await s.save(sqliteBytes());
    await s.saveAs(b, sqliteBytes(5, 3));
    expect(s.current?.path).toBe(b);
    expect(existsSync(lockPathFor(a))).toBe(false);
    expect(existsSync(lockPathFor(b))).toBe(true);
    expect(readFileSync(b)[18]).toBe(3);
    await s.close();
  });

  it('keeps the current file when Save As targets a held file', async () => {
    const a = join(dir, 'a.pdm');
    const b = join(dir, 'b.pdm');
    const other = await acquireLock(b, 'another window');
    const s = session();
    await s.create(a);
    expect((await failure(s.saveAs(b, sqliteBytes()))).code).toBe('locked');
    expect(s.current?.path).toBe(a);
    expect(existsSync(b)).toBe(false);
    await other.release();
    await s.close();
  });

  it('reports a failed save as io with the reason', async () => {
    const path = join(dir, 'is-a-folder.pdm');
    await fsp.mkdir(path);
    const s = session();
    await s.create(path);
    const f = await failure(s.save(sqliteBytes()));
    expect(f.code).toBe('io');
    expect(f.message).toMatch(/could not save .*is-a-folder\.pdm/);
    expect((await fsp.stat(path)).isDirectory()).toBe(true);
    expect((await fsp.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await s.close();
  });
});
