/**
 * Plants are never lost in the browser build: opening the demo (or creating or opening
 * another plant) keeps a plant that holds data in the list beside it, and a second tab
 * on the same plant is read-only until it takes the plant over, so a change made in one
 * tab is never overwritten by the other's next save. Two pages of one browser context
 * share the origin-private file system and the Web Locks, as two tabs do.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

const TELEMETRY =
  'datetime,machineID,volt,rotate\n' +
  Array.from({ length: 48 }, (_, h) => {
    const ts = new Date(Date.UTC(2015, 0, 1, h)).toISOString().slice(0, 19).replace('T', ' ');
    return `${ts},P-101,${170 + (h % 5)},${400 + h}`;
  }).join('\n') +
  '\n';

async function createSchedule(page: Page, name: string) {
  await page.getByRole('link', { name: 'Runs & schedules' }).click();
  const form = page.getByRole('form', { name: 'New schedule' });
  // A refused schedule leaves its form open.
  if ((await form.count()) === 0) await page.getByRole('button', { name: 'New schedule' }).click();
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('When').selectOption('daily');
  await form.getByLabel('At (HH:MM)').fill('06:00');
  await form.getByRole('button', { name: 'Create schedule' }).click();
}

const REFUSED = /Not saved: this tab shows the plant read-only/;

describe.skipIf(!HAS_CHROMIUM)('plants in the browser build', () => {
  let app: WebApp;
  let page: Page;
  let second: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('says to import data first on the ranking of an empty plant', async () => {
    await page.getByLabel('Plant name').fill('Line 2');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    await page.getByText('This plant has no data yet. Import').waitFor();
    expect(await page.getByText('Train a model to see').count()).toBe(0);
  });

  it('keeps a plant holding data when the demo plant is opened', async () => {
    await page.getByRole('link', { name: 'Import' }).click();
    await page
      .getByTestId('import-files')
      .setInputFiles({ name: 'tel.csv', mimeType: 'text/csv', buffer: Buffer.from(TELEMETRY) });
    await page.getByRole('button', { name: 'Import 1 file(s)' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });

    await page.getByRole('link', { name: 'Plant file' }).click();
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('.plant-name strong').innerText()).toBe('demo');

    await page.getByRole('link', { name: 'Plant file' }).click();
    const list = page.getByRole('table', { name: 'Plants in this browser' });
    await list.getByRole('rowheader', { name: /^Line 2/ }).waitFor();
    await list.getByRole('rowheader', { name: /^demo/ }).waitFor();
    expect(await page.getByTestId('storage-state').innerText()).toMatch(/^Storage: /);
    await app.shot('plants-01-list');

    await list.getByRole('button', { name: 'Open Line 2' }).click();
    await expect.poll(() => page.locator('.plant-name strong').innerText()).toBe('Line 2');
    await page.getByRole('link', { name: 'Plant file' }).click();
    const facts = page.locator('.facts');
    await facts.waitFor();
    expect(await facts.innerText()).toContain('48');
  }, 180_000);

  it('renames a plant and deletes one only after the confirmation', async () => {
    const list = page.getByRole('table', { name: 'Plants in this browser' });
    await list.getByRole('button', { name: 'Rename Line 2' }).click();
    await list.getByLabel('New name for Line 2').fill('Press line');
    await list.getByRole('button', { name: 'Save name' }).click();
    await list.getByRole('rowheader', { name: /^Press line/ }).waitFor();
    await expect.poll(() => page.locator('.plant-name strong').innerText()).toBe('Press line');

    await page.getByLabel('Plant name').fill('Scratch');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await page.getByRole('link', { name: 'Plant file' }).click();
    await list.getByRole('button', { name: 'Delete Scratch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete plant Scratch?' });
    await dialog.waitFor();
    await app.shot('plants-02-delete');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await list.getByRole('rowheader', { name: /^Scratch/ }).waitFor();
    await list.getByRole('button', { name: 'Delete Scratch' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => list.getByRole('rowheader', { name: /^Scratch/ }).count()).toBe(0);
    expect(await list.getByRole('rowheader').count()).toBe(2);
  });

  it('downloads a copy and opens it again beside the plant it came from', async () => {
    const list = page.getByRole('table', { name: 'Plants in this browser' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      list.getByRole('button', { name: 'Download a copy of Press line' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Press line.pdm');
    const copy = join(mkdtempSync(join(tmpdir(), 'pdm-copy-')), 'Press line copy.pdm');
    await download.saveAs(copy);
    await page.locator('input[type=file][accept=".pdm,.sqlite,.db"]').setInputFiles(copy);
    await expect.poll(() => page.locator('.plant-name strong').innerText()).toBe('Press line copy');
    await page.getByRole('link', { name: 'Plant file' }).click();
    await list.getByRole('rowheader', { name: /^Press line copy/ }).waitFor();
    await list.getByRole('rowheader', { name: /^Press line$/ }).waitFor();
    expect(await page.locator('.facts').innerText()).toContain('48');
  });

  it('opens a second page on the same plant read-only; its changes are refused', async () => {
    // Before, the second page could change the plant, and the first page's next save
    // wrote over it (a schedule created there was lost without a word).
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator('.plant-name strong').innerText()).toBe('demo');
    second = await app.context.newPage();
    second.on('pageerror', (e) => app.consoleErrors.push(`second page: ${String(e)}`));
    second.on('console', (m) => {
      if (m.type() === 'error') app.consoleErrors.push(`second page: ${m.text()}`);
    });
    await second.goto(app.base);
    const banner = second.getByTestId('read-only-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toContain('open in another tab');
    expect(await second.locator('.plant-name strong').innerText()).toBe('demo');
    expect(await page.getByTestId('read-only-banner').count()).toBe(0);

    await createSchedule(second, 'From the second tab');
    await second.getByText(REFUSED).first().waitFor();
    await app.shot('plants-03-read-only');
    await second.screenshot({ path: 'test-results/e2e/plants-03b-second-tab.png', fullPage: true });

    await createSchedule(page, 'From the first tab');
    await page
      .getByRole('table', { name: 'Schedules' })
      .getByRole('rowheader', { name: 'From the first tab' })
      .waitFor();
  }, 180_000);

  it('takes the plant over in the second page; the first turns read-only', async () => {
    await second.getByTestId('read-only-banner').getByRole('button', { name: 'Take over' }).click();
    await expect.poll(() => second.getByTestId('read-only-banner').count()).toBe(0);
    const firstBanner = page.getByTestId('read-only-banner');
    await firstBanner.waitFor();
    expect(await firstBanner.innerText()).toContain('Another tab took this plant over');

    // The second tab read the first tab's save when it took over: nothing is lost.
    await createSchedule(second, 'From the second tab');
    const schedules = second.getByRole('table', { name: 'Schedules' });
    await schedules.getByRole('rowheader', { name: 'From the second tab' }).waitFor();
    await schedules.getByRole('rowheader', { name: 'From the first tab' }).waitFor();

    await createSchedule(page, 'Too late');
    await page.getByText(REFUSED).first().waitFor();

    await second.reload();
    await second.getByRole('link', { name: 'Runs & schedules' }).click();
    const after = second.getByRole('table', { name: 'Schedules' });
    await after.getByRole('rowheader', { name: 'From the second tab' }).waitFor();
    await after.getByRole('rowheader', { name: 'From the first tab' }).waitFor();
    expect(await after.getByRole('rowheader', { name: 'Too late' }).count()).toBe(0);
    expect(await second.getByTestId('read-only-banner').count()).toBe(0);
  }, 60_000);

  it('logged no console errors and sent no request off localhost', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
