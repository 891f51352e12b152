import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  describeInstallerFailure,
  DOWNLOAD_FAILED_MESSAGE,
  ensureElectronBinary,
  type EnsureDeps,
  findElectronBinary,
  type InstallOutcome,
  main,
  MISSING_BINARY_MESSAGE,
  runElectronInstaller,
} from '../../../scripts/start';
import { REPO_ROOT } from '../../helpers/shared';

/** What Electron's installer prints when its download host cannot be resolved. */
const ENOTFOUND_STDERR = `RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/p/node_modules/got/dist/source/core/index.js:970:111)
    at Object.onceWrapper (node:events:639:26)
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)
`;

const NETWORK_FAILURE: InstallOutcome = {
  ok: false,
  reason: 'RequestError: getaddrinfo ENOTFOUND github.com',
  network: true,
};

/** A fake binary location that appears once `install` has run. */
function fakeElectron(outcome: InstallOutcome, appears = outcome.ok) {
  let installed = false;
  const calls = { find: 0, install: 0 };
  const notes: string[] = [];
  return {
    calls,
    notes,
    deps: (env: NodeJS.ProcessEnv = {}): EnsureDeps => ({
      env,
      find: (): string | null => {
        calls.find++;
        return installed ? '/p/node_modules/electron/dist/electron' : null;
      },
      install: () => {
        calls.install++;
        installed = appears;
        return outcome;
      },
      note: (line: string) => notes.push(line),
    }),
  };
}

describe('npm start', () => {
  it('finds the binary only when require(electron) gives an existing path', () => {
    const env = {};
    expect(
      findElectronBinary(
        env,
        () => '/opt/electron/electron',
        () => true,
      ),
    ).toBe('/opt/electron/electron');
    expect(
      findElectronBinary(
        env,
        () => '/opt/electron/electron',
        () => false,
      ),
    ).toBeNull();
    expect(
      findElectronBinary(env, () => {
        throw new Error('Electron failed to install correctly');
      }),
    ).toBeNull();
    expect(
      findElectronBinary(
        env,
        () => 42,
        () => true,
      ),
    ).toBeNull();
    expect(
      findElectronBinary(
        { PDM_ELECTRON_PATH: '/fake/electron' },
        () => '/x',
        (p) => p === '/fake/electron',
      ),
    ).toBe('/fake/electron');
  });

  it('says plainly that the binary is missing and offers npm run web (exit 1)', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'start.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PDM_ELECTRON_PATH: join(REPO_ROOT, 'no-such-dir', 'electron') },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(MISSING_BINARY_MESSAGE);
    expect(r.stderr).toContain('npm run web');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).not.toContain('downloading'); // an override is never downloaded
    expect(r.stdout).toBe('');
  });
});

describe('npm start on first use: the binary is fetched by the Electron installer', () => {
  it('does not run the installer when the binary is there', () => {
    const fake = fakeElectron({ ok: true });
    const deps = fake.deps();
    deps.find = () => '/opt/electron/electron';
    expect(ensureElectronBinary(deps)).toEqual({ binary: '/opt/electron/electron' });
    expect(fake.calls.install).toBe(0);
    expect(fake.notes).toEqual([]);
  });

  it('runs the installer once when the binary is missing, then launches it', () => {
    const fake = fakeElectron({ ok: true });
    expect(ensureElectronBinary(fake.deps())).toEqual({
      binary: '/p/node_modules/electron/dist/electron',
    });
    expect(fake.calls).toEqual({ find: 2, install: 1 });
    expect(fake.notes).toHaveLength(1);
    expect(fake.notes[0]).toContain('downloading the Electron desktop binary');
  });

  it('says the download failed for want of network and offers npm run web', () => {
    const fake = fakeElectron(NETWORK_FAILURE);
    const r = ensureElectronBinary(fake.deps());
    expect(r.binary).toBeNull();
    const text = 'lines' in r ? r.lines.join('\n') : '';
    expect(text).toContain(DOWNLOAD_FAILED_MESSAGE);
    expect(text).toContain('could not be downloaded');
    expect(text).toContain('npm run web');
    expect(text).toContain('getaddrinfo ENOTFOUND github.com');
    expect(text).toContain('ELECTRON_MIRROR');
    expect(text).not.toMatch(/\n\s+at /);
    expect(fake.calls.install).toBe(1);
  });

  it('gives the reason of a failure that is not the network', () => {
    const fake = fakeElectron({ ok: false, reason: 'EACCES: permission denied', network: false });
    const r = ensureElectronBinary(fake.deps());
    const text = 'lines' in r ? r.lines.join('\n') : '';
    expect(text).toContain('could not be installed: EACCES: permission denied');
    expect(text).toContain('npm run web');
    expect(text).not.toContain(DOWNLOAD_FAILED_MESSAGE);
  });

  it('reports a binary still missing after a clean installer exit', () => {
    const fake = fakeElectron({ ok: true }, false);
    const r = ensureElectronBinary(fake.deps());
    expect(r).toEqual({ binary: null, lines: [MISSING_BINARY_MESSAGE] });
  });

  it('never downloads for PDM_ELECTRON_PATH or with ELECTRON_SKIP_BINARY_DOWNLOAD set', () => {
    for (const env of [
      { PDM_ELECTRON_PATH: '/no/electron' },
      { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    ]) {
      const fake = fakeElectron({ ok: true });
      const r = ensureElectronBinary(fake.deps(env));
      expect(r.binary).toBeNull();
      expect('lines' in r && r.lines[0]).toBe(MISSING_BINARY_MESSAGE);
      expect(fake.calls.install).toBe(0);
      expect(fake.notes).toEqual([]);
    }
  });

  it('reads the first line of the installer error and whether it was the network', () => {
    expect(describeInstallerFailure(ENOTFOUND_STDERR, 1)).toEqual({
      reason: 'RequestError: getaddrinfo ENOTFOUND github.com',
      network: true,
    });
    expect(describeInstallerFailure('HTTPError: Response code 407 (Proxy Auth)\n', 1).network).toBe(
      true,
    );
    expect(
      describeInstallerFailure(
        'Error: EACCES: permission denied, mkdir dist\n    at f (/x/index.js:403:1)\n',
        1,
      ),
    ).toEqual({ reason: 'Error: EACCES: permission denied, mkdir dist', network: false });
    expect(describeInstallerFailure('', 7)).toEqual({
      reason: "Electron's installer exited with code 7",
      network: false,
    });
  });

  describe('runs the installer script as a child process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-start-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('passes on success and reads the error of a failing installer', () => {
      const ok = join(dir, 'ok.js');
      writeFileSync(
        ok,
        "const { realpathSync: r } = require('fs');\n" +
          'process.exit(r(process.cwd()) === r(__dirname) ? 0 : 9);\n',
      );
      expect(runElectronInstaller(ok, {})).toEqual({ ok: true });

      const failing = join(dir, 'fail.js');
      writeFileSync(
        failing,
        `process.stderr.write(${JSON.stringify(ENOTFOUND_STDERR)}); process.exit(1);\n`,
      );
      expect(runElectronInstaller(failing, {})).toEqual(NETWORK_FAILURE);

      expect(runElectronInstaller(join(dir, 'missing.js'), {})).toEqual({
        ok: false,
        reason: 'the electron package is not in node_modules (run npm install)',
        network: false,
      });
    });
  });

  it('main prints the message, exits 1 and builds nothing when the download fails', () => {
    const errors: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      errors.push(a.join(' '));
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const fake = fakeElectron(NETWORK_FAILURE);
    try {
      expect(() => main([], fake.deps())).toThrow('exit 1');
    } finally {
      error.mockRestore();
      exit.mockRestore();
    }
    expect(errors[0]).toContain(DOWNLOAD_FAILED_MESSAGE);
    expect(errors.join('\n')).not.toMatch(/\n\s+at /);
    expect(fake.notes).toHaveLength(1);
  });
});
