/**
 * A machine that failed and stopped reporting months before the rest of the plant's
 * data is not ranked at its last day: the ranking counts it in its header and lists it
 * under "No recent data" as failed, and the print view says it was left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

/** Two days of hourly readings of OLD-1 early in the demo plant's range. */
const TELEMETRY = [
  'datetime,machineID,volt,rotate,pressure,vibration',
  ...Array.from({ length: 48 }, (_, h) => {
    const d = new Date(Date.UTC(2015, 0, 10, h)).toISOString().slice(0, 19).replace('T', ' ');
    return `${d},OLD-1,${170 + (h % 7)},${440 - (h % 5)},${100 + (h % 3)},${40 + (h % 4)}`;
  }),
].join('\n');
const FAILURES = ['datetime,machineID,failure', '2015-01-12 06:00:00,OLD-1,comp1'].join('\n');

describe.skipIf(!HAS_CHROMIUM)('machines without recent data', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lists a failed, silent machine apart from the ranking', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    const ranking = page.getByRole('table', { name: 'Component risk ranking' });
    await ranking.waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('no-recent-data').count()).toBe(0);

    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page
      .getByTestId('import-files')
      .setInputFiles([csv('old-telemetry.csv', TELEMETRY), csv('old-failures.csv', FAILURES)]);
    await page.getByRole('button', { name: 'Import 2 file(s)' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });

    await page.getByRole('link', { name: 'Risk ranking' }).click();
    await page.getByRole('button', { name: 'Score latest data' }).click();
    const leftOut = page.getByTestId('risk-left-out');
    await leftOut.waitFor({ timeout: 120_000 });
    expect(await leftOut.innerText()).toMatch(/^1 machine left out: no data since /);
    expect(await ranking.getByRole('link', { name: 'OLD-1' }).count()).toBe(0);
    const list = page.getByRole('table', { name: 'Machines without recent data' });
    const row = list.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/OLD-1\s+failed on /);
    await app.shot('30-no-recent-data');

    await page.getByRole('button', { name: 'Print list…' }).click();
    const sheet = page.getByTestId('print-sheet');
    await sheet.getByRole('heading', { name: 'Maintenance list' }).waitFor();
    await expect
      .poll(() => sheet.getByTestId('print-left-out').innerText())
      .toMatch(/^1 machines with no data since .* \(data as of .*\)$/);
  }, 300_000);
});
