/**
 * Export bundle… on the Plant file screen: the browser build writes the same bundle as
 * `pdm export` (Parquet tables, features.sql, manifest, job) and downloads it as a .zip
 * named after the plant.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

const HAS_UNZIP = existsSync('/usr/bin/unzip');

describe.skipIf(!HAS_CHROMIUM || !HAS_UNZIP)('export bundle from the browser', () => {
  let app: WebApp;
  const dir = mkdtempSync(join(tmpdir(), 'pdm-e2e-bundle-'));

  beforeAll(async () => {
    app = await startWebApp();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the demo plant as a bundle .zip', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    // The demo plant opens on its ranking once it is built.
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Plant file' }).click();
    const button = page.getByRole('button', { name: 'Export bundle…' });
    await button.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      button.click(),
    ]);
    expect(download.suggestedFilename()).toBe('demo-bundle.zip');
    const file = join(dir, 'bundle.zip');
    await download.saveAs(file);
    await app.shot('export-bundle');
    const list = spawnSync('/usr/bin/unzip', ['-Z1', file], { encoding: 'utf8' });
    expect(list.stdout.trim().split('\n').sort()).toEqual(
      [
        'README.md',
        'features.sql',
        'job/features.py',
        'job/job.json',
        'job/score.py',
        'manifest.json',
        'tables/errors.parquet',
        'tables/failures.parquet',
        'tables/machines.parquet',
        'tables/maintenance.parquet',
        'tables/telemetry.parquet',
      ].sort(),
    );
    const manifest = spawnSync('/usr/bin/unzip', ['-p', file, 'manifest.json'], {
      encoding: 'utf8',
    });
    const m = JSON.parse(manifest.stdout) as {
      site: string;
      tables: Record<string, { rows: number }>;
    };
    expect(m.site).toBe('demo');
    expect(m.tables.telemetry.rows).toBeGreaterThan(1000);
  }, 300_000);
});
