/**
 * End to end on the browser build: vite builds the app once, vite's preview serves it
 * on 127.0.0.1, and Debian's Chromium (through playwright-core) drives the real UI.
 * One browser context for the whole file, so the origin-private file system persists
 * across the reload check. Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_SAMPLE, SAMPLE_DIR } from '../helpers/shared';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

describe.skipIf(!HAS_CHROMIUM)('browser build end to end', () => {
  let app: WebApp;
  let page: Page;
  let consoleErrors: string[] = [];
  let foreignRequests: string[] = [];
  const shot = (name: string) => app.shot(name);

  beforeAll(async () => {
    app = await startWebApp();
    ({ page, consoleErrors, foreignRequests } = app);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens the demo plant and shows the ranking sorted by risk', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    const table = page.getByRole('table', { name: 'Component risk ranking' });
    await table.waitFor({ timeout: 120_000 });
    const values = await table
      .locator('[data-testid=risk-value]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
    expect(values.length).toBeGreaterThan(10);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    await shot('01-ranking');
  }, 150_000);

  it('filters by a minimum risk typed as a percentage, like the ranking shows risks', async () => {
    const table = page.getByRole('table', { name: 'Component risk ranking' });
    const risks = () =>
      table
        .locator('[data-testid=risk-value]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
    const all = await risks();
    const min = page.getByLabel('Minimum risk');
    // 10 means 10 %: the rows at or above it stay, the rest go.
    await min.fill('10');
    const kept = all.filter((p) => p >= 0.1).length;
    expect(kept).toBeGreaterThan(0);
    await expect.poll(async () => (await risks()).length).toBe(Math.min(kept, all.length));
    for (const p of await risks()) expect(p).toBeGreaterThanOrEqual(0.1);
    // Not a percentage: marked and explained; the last good value stays in force.
    await min.fill('abc');
    expect(await min.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().innerText()).toContain('percentage');
    expect((await risks()).length).toBe(Math.min(kept, all.length));
    await min.fill('0');
    await expect.poll(async () => (await risks()).length).toBe(all.length);
  });

  it('sorts the ranking by a column and says how many machines and risks it ranks', async () => {
    const table = page.getByRole('table', { name: 'Component risk ranking' });
    const head = await page.locator('#risk-title + p').innerText();
    const m = /(\d+) machines · (\d+) component risks/.exec(head);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(Number(m![1]));
    expect(await page.getByText(`Showing ${m![2]} of ${m![2]}`).count()).toBe(1);
    const machineHeader = table.getByRole('columnheader', { name: /Machine/ });
    await machineHeader.getByRole('button').click();
    expect(await machineHeader.getAttribute('aria-sort')).toBe('ascending');
    const machines = () =>
      table
        .locator('tbody tr td:nth-child(3)')
        .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
    const asc = await machines();
    expect(asc.length).toBeGreaterThan(5);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    expect([...asc].sort(collator.compare)).toEqual(asc);
    await machineHeader.getByRole('button').click();
    expect(await machineHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await machines()).not.toEqual(asc);
    // Back to risk, highest first.
    const riskHeader = table.getByRole('columnheader', { name: /^Risk/ });
    await riskHeader.getByRole('button').click();
    expect(await riskHeader.getAttribute('aria-sort')).toBe('descending');
    const values = await table
      .locator('[data-testid=risk-value]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-p'))));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  });

  it('shows the machine detail from the ranking', async () => {
    const table = page.getByRole('table', { name: 'Component risk ranking' });
    await table.getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Machine \d+$/ }).waitFor();
    await page.getByRole('table', { name: 'Replacements', exact: true }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await shot('02-machine');
  });

  it('explores the raw data', async () => {
    await page.getByRole('link', { name: 'Explore' }).click();
    await page.getByRole('table', { name: 'Failures by component' }).waitFor();
    await shot('03-explore');
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await page.locator('.chart canvas').first().waitFor();
    await shot('04-telemetry');
  });

  it('trains a small model and shows its confusion matrix', async () => {
    await page.getByRole('link', { name: 'Model' }).click();
    await page.getByLabel('Trees').fill('10');
    await page.getByLabel('Max depth').fill('8');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .getByRole('table', { name: 'Model versions' })
      .getByText('#2')
      .waitFor({ timeout: 120_000 });
    const matrix = page.getByRole('table', { name: 'Confusion matrix' });
    await matrix.waitFor();
    expect(await matrix.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    // The headline is failures caught within the horizon, not accuracy.
    expect(await page.getByTestId('model-headline').innerText()).toMatch(
      /^Failures within 7 days: the model flags \d+%[^;]*; \d+%[^.]* of its flags are right\./,
    );
    await shot('05-model');
  }, 150_000);

  it('opens the print view', async () => {
    await page.getByRole('link', { name: 'Print' }).click();
    const sheet = page.getByTestId('print-sheet');
    await sheet.getByRole('heading', { name: 'Maintenance list' }).waitFor();
    await page.getByLabel('Minimum risk').fill('5');
    const list = sheet.getByRole('table', { name: 'Maintenance list' });
    await list.waitFor();
    expect(await list.getByRole('columnheader', { name: 'Signed off (name, date)' }).count()).toBe(
      1,
    );
    expect(await list.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    await shot('06-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('finds the data still there after a reload', async () => {
    const plantName = page.locator('.plant-name strong');
    const before = await plantName.innerText();
    expect(before.length).toBeGreaterThan(0);
    await page.reload();
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    const table = page.getByRole('table', { name: 'Component risk ranking' });
    await table.waitFor({ timeout: 30_000 });
    expect(await plantName.innerText()).toBe(before);
    await expect.poll(() => table.locator('[data-testid=risk-value]').count()).toBeGreaterThan(10);
  });

  it('switches to Korean and back', async () => {
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('table', { name: '부품 위험 순위' }).waitFor();
    await shot('07-korean');
    await page.getByLabel('언어').selectOption('en');
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor();
  });

  it.skipIf(!HAS_SAMPLE)(
    'imports the sample through the file picker and shows the counts',
    async () => {
      await page.getByRole('link', { name: 'Plant file' }).click();
      await page.getByLabel('Plant name').fill('Sample plant');
      await page.getByRole('button', { name: 'Create plant' }).click();
      await page.getByRole('heading', { name: 'Import' }).waitFor();
      const names = [
        'PdM_machines.csv',
        'PdM_telemetry.csv',
        'PdM_errors.csv',
        'PdM_maint.csv',
        'PdM_failures.csv',
      ];
      await page.getByTestId('import-files').setInputFiles(names.map((n) => join(SAMPLE_DIR, n)));
      // The preview shows each file's detected kind and its first rows before importing.
      await page.locator('summary', { hasText: 'PdM_telemetry.csv' }).click();
      await page.getByRole('table', { name: 'First rows of PdM_telemetry.csv' }).waitFor();
      await shot('08-import-preview');
      await page.getByRole('button', { name: 'Import 5 file(s)' }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor({ timeout: 60_000 });
      const added = (await report.getByTestId('total-added').innerText()).replace(/[^\d]/g, '');
      // 10 machines + 21,600 telemetry + 100 errors + 109 maint + 17 failures (file lines - header).
      expect(Number(added)).toBe(10 + 21600 + 100 + 109 + 17);
      await shot('09-import-report');
    },
    90_000,
  );

  it('logged no console errors and sent no request off localhost', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
