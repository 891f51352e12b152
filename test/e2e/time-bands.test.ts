/**
 * Time-to-failure bands in the browser app (docs/BANDS.md): the demo plant's model has a
 * band model, so the ranking has a "Time to failure" column, the print view and its PDF
 * say the same words for the same rows, the machine view lists every band, and the
 * model screen shows the band model's test figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, SHOTS, startWebApp, type WebApp } from './helpers';

const HAS_PDFTOTEXT = existsSync('/usr/bin/pdftotext');
const BAND_WORDS = /^(likely within (1 day|\d+ days)|not likely within \d+ days)$/;

describe.skipIf(!HAS_CHROMIUM)('time-to-failure bands', () => {
  let app: WebApp;
  let page: Page;
  /** machine + component -> the band words the ranking shows. */
  const shown = new Map<string, string>();

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const ranking = () => page.getByRole('table', { name: 'Component risk ranking' });

  it('shows the likely band of each ranked row in its own column', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await ranking().waitFor({ timeout: 120_000 });
    await ranking().getByRole('columnheader', { name: 'Time to failure' }).waitFor();
    const rows = ranking().locator('tbody tr[aria-rowindex]');
    await rows.first().waitFor();
    const n = Math.min(15, await rows.count());
    for (let i = 0; i < n; i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      const band = await rows.nth(i).getByTestId('risk-band').innerText();
      expect(band).toMatch(BAND_WORDS);
      // Hovering shows every band with its chance.
      expect(await rows.nth(i).getByTestId('risk-band').getAttribute('title')).toMatch(
        /^Within 1 day \d+\.\d ?%( · Within \d+ days \d+\.\d ?%)+$/,
      );
      shown.set(`${cells[2]}|${cells[4]}`, band);
    }
    expect(shown.size).toBe(n);
    await app.shot('time-bands-ranking');
  }, 300_000);

  it('prints the same words for the same rows, also in the PDF', async () => {
    await page.getByRole('button', { name: 'Print list…' }).click();
    const sheet = page.getByTestId('print-sheet');
    await sheet.getByRole('heading', { name: 'Maintenance list' }).waitFor();
    // Every row of the list, whatever the threshold.
    const input = page
      .getByRole('spinbutton', { name: 'Minimum risk' })
      .or(page.getByLabel('Minimum risk').first());
    await input.first().fill('0');
    await sheet.getByRole('columnheader', { name: 'Time to failure' }).waitFor();
    const printed = await sheet
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim())),
      );
    let compared = 0;
    for (const cells of printed) {
      const machine = cells[1].split(' · ')[0];
      const want = shown.get(`${machine}|${cells[2]}`);
      if (want === undefined) continue;
      expect(cells[4]).toBe(want);
      compared++;
    }
    expect(compared).toBe(shown.size);
    await app.shot('time-bands-print');
    // The CSV says the same words, and each band's chance with one decimal.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const file = join(SHOTS, 'time-bands.csv');
    await download.saveAs(file);
    const csv = Papa.parse<string[]>(
      readFileSync(file, 'utf8')
        .replace(/^\ufeff/, '')
        .trim(),
    ).data;
    const head = csv[0];
    expect(head).toContain('Time to failure');
    expect(head.slice(-4)).toEqual([
      'Within 1 day (%)',
      'Within 3 days (%)',
      'Within 7 days (%)',
      'Within 14 days (%)',
    ]);
    for (const cells of csv.slice(1)) {
      const want = shown.get(`${cells[0]}|${cells[2]}`);
      if (want !== undefined) expect(cells[head.indexOf('Time to failure')]).toBe(want);
      for (const p of cells.slice(-4)) expect(p).toMatch(/^\d+\.\d$/);
    }
    if (HAS_PDFTOTEXT) {
      const path = join(SHOTS, 'time-bands.pdf');
      await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      expect(text).toContain('Time to failure');
      for (const w of new Set(shown.values())) expect(text).toContain(w);
    }
  }, 120_000);

  it('lists every band of each component in the machine view', async () => {
    expect(shown.size).toBeGreaterThan(0);
    const [key] = [...shown.keys()];
    const machine = key.split('|')[0];
    await page.goBack();
    await ranking().waitFor();
    await ranking().getByRole('link', { name: machine, exact: true }).first().click();
    const panel = page.getByTestId('machine-bands');
    await panel.getByRole('heading', { name: 'When a failure is likely' }).waitFor();
    for (const h of ['Within 1 day', 'Within 3 days', 'Within 7 days', 'Within 14 days'])
      await panel.getByRole('columnheader', { name: h }).waitFor();
    const row = panel.locator('tbody tr').filter({ hasText: key.split('|')[1] });
    expect(await row.locator('td').last().innerText()).toBe(shown.get(key));
    await app.shot('time-bands-machine');
  }, 60_000);

  it("shows the band model's test figures on the model screen", async () => {
    await page.getByRole('link', { name: 'Model', exact: true }).click();
    const figures = page.getByTestId('model-bands');
    await figures.getByRole('heading', { name: 'Time bands' }).waitFor({ timeout: 30_000 });
    await figures.getByRole('columnheader', { name: 'AP 1 d' }).waitFor();
    await figures.getByRole('columnheader', { name: 'Recall 14 d' }).waitFor();
    expect(await figures.locator('tbody tr').count()).toBeGreaterThan(0);
    await app.shot('time-bands-model');
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
