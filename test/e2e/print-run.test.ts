/**
 * The print view prints the run it was opened from. A list a technician signs must show
 * that run's number in its header and that run's values in its rows, never the values
 * of a later run; picks belong to one run, so another run's print starts without them.
 * The PDF of the print view carries "page n of m" and the same percentages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, SHOTS, startWebApp, type WebApp } from './helpers';

const HAS_PDFTOTEXT = existsSync('/usr/bin/pdftotext');

interface ShownRow {
  machine: string;
  component: string;
  value: string;
}

const runIdFromUrl = (page: Page) => Number(/#\/risks\/(\d+)/.exec(page.url())?.[1] ?? NaN);

describe.skipIf(!HAS_CHROMIUM)('print view of one scoring run', () => {
  let app: WebApp;
  let page: Page;
  let runA = 0;
  let runB = 0;
  let picked: ShownRow[] = [];

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const ranking = () => page.getByRole('table', { name: 'Component risk ranking' });
  const sheet = () => page.getByTestId('print-sheet');

  /** The header value after a `dt` label of the print sheet. */
  const headValue = (label: string) =>
    sheet()
      .locator('dl.sheet-head dt', { hasText: label })
      .locator('xpath=following-sibling::dd[1]');

  const score = async (button: string) => {
    await page.getByRole('link', { name: 'Runs & schedules' }).click();
    const before = page.url();
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL((u) => /#\/risks\/\d+$/.test(u.hash) && u.href !== before, {
      timeout: 120_000,
    });
    await ranking().waitFor({ timeout: 60_000 });
    return runIdFromUrl(page);
  };

  it('scores the latest data, then a date range', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await ranking().waitFor({ timeout: 120_000 });
    runA = await score('Score latest data now');
    runB = await score('Score this range');
    expect(runB).toBeGreaterThan(runA);
  }, 300_000);

  it('prints the run opened from the history, with its own values', async () => {
    await page.getByRole('link', { name: 'Runs & schedules' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
    await history.waitFor();
    await history
      .getByRole('row')
      .filter({ has: page.locator('td:first-child').getByText(`#${runA}`, { exact: true }) })
      .getByRole('link', { name: 'Open' })
      .click();
    await page.waitForURL((u) => u.hash === `#/risks/${runA}`);
    await page.getByText(new RegExp(`^Run #${runA} · `)).waitFor();
    const rows = ranking().locator('tbody tr[aria-rowindex]');
    await rows.first().waitFor();
    picked = [];
    for (const i of [0, 1]) {
      const tr = rows.nth(i);
      const cells = await tr.locator('td').allInnerTexts();
      picked.push({ machine: cells[2], component: cells[4], value: cells[5] });
      await tr.getByRole('checkbox').check();
    }
    await page.getByRole('button', { name: 'Print list…' }).click();
    await sheet().getByRole('heading', { name: 'Maintenance list' }).waitFor();
    await expect.poll(() => headValue('Scoring run').innerText()).toMatch(new RegExp(`^#${runA} `));
    await expect.poll(() => headValue('Rows').innerText()).toBe('Picked rows (2)');
    const list = sheet().getByRole('table', { name: 'Maintenance list' });
    await list.waitFor();
    const printed = await list
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
      );
    expect(printed).toHaveLength(2);
    for (const p of picked) {
      const row = printed.find((c) => c[1].startsWith(p.machine) && c[2] === p.component);
      expect(row, `${p.machine} ${p.component}`).toBeTruthy();
      // The risk cell reads "<percentage> <level>"; the percentage is the one on screen.
      expect(row![3].startsWith(p.value)).toBe(true);
      expect(row![3]).toMatch(/(High|Medium|Low)$/);
    }
    await app.shot('print-run-picked');
  }, 60_000);

  it.skipIf(!HAS_PDFTOTEXT)(
    'saves that list as a PDF with page numbers',
    async () => {
      const path = join(SHOTS, 'print-run.pdf');
      await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      expect(text).toMatch(/page 1 of \d+/);
      expect(text).toContain(`#${runA} `);
      for (const p of picked) expect(text).toContain(p.value);
      expect(text).not.toMatch(new RegExp(`#${runB} `));
    },
    60_000,
  );

  it("opens the other run's print without the picks of the first", async () => {
    await page.goto(`${app.base}#/risks/${runB}`);
    await page.getByText(new RegExp(`^Run #${runB} · `)).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Print list…' }).click();
    await sheet().getByRole('heading', { name: 'Maintenance list' }).waitFor();
    await expect.poll(() => headValue('Scoring run').innerText()).toMatch(new RegExp(`^#${runB} `));
    expect(await page.getByText('Picked rows (0)').count()).toBe(1);
    await expect.poll(() => headValue('Rows').innerText()).toMatch(/^risk at least/);
    // Back in run A's print, its picks are gone too: changing run starts without picks.
    await page.goto(`${app.base}#/print/${runA}`);
    await expect.poll(() => headValue('Scoring run').innerText()).toMatch(new RegExp(`^#${runA} `));
    expect(await page.getByText('Picked rows (0)').count()).toBe(1);
  }, 60_000);
});
