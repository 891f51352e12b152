/**
 * Reasons a planner can act on: every row of the ranking, down to the last, says why in
 * words with the machine's value ("... 52.1, high (usual for model3: 40 ± 5)"), never a
 * feature key; the print view of picked rows shows exactly the text of the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

interface ShownRow {
  machine: string;
  component: string;
  reasons: string;
}

describe.skipIf(!HAS_CHROMIUM)('reasons in words', () => {
  let app: WebApp;
  let page: Page;
  let bottom: ShownRow[] = [];

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const ranking = () => page.getByRole('table', { name: 'Component risk ranking' });

  it('gives the bottom rows of the ranking reasons with values, in words', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await ranking().waitFor({ timeout: 120_000 });
    const rows = ranking().locator('tbody tr[aria-rowindex]');
    await rows.first().waitFor();
    const total = Number(await ranking().getAttribute('aria-rowcount')) - 1;
    expect(total).toBeGreaterThan(40);
    // The table is virtualised: scroll to its end so the lowest risks are drawn.
    await page
      .locator('.table-wrap.virtual')
      .evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await ranking()
      .locator(`tbody tr[aria-rowindex="${total + 1}"]`)
      .waitFor({ timeout: 10_000 });
    const last = ranking().locator(`tbody tr[aria-rowindex]`);
    const n = await last.count();
    const drawn: ShownRow[] = [];
    for (let i = 0; i < n; i++) {
      const tr = last.nth(i);
      const cells = await tr.locator('td').allInnerTexts();
      const reasonsCell = tr.getByTestId('risk-reasons');
      drawn.push({
        machine: cells[2],
        component: cells[4],
        reasons: (await reasonsCell.innerText()).trim(),
      });
      // The tooltip holds every reason in words too, not feature keys.
      expect(await reasonsCell.getAttribute('title')).not.toMatch(/_(mean|std|count|days)/);
    }
    bottom = drawn.slice(-2);
    for (const r of drawn) {
      expect(r.reasons, `${r.machine} ${r.component}`).not.toBe('—');
      // A number for the machine's value, and no raw feature key.
      expect(r.reasons).toMatch(/\d/);
      expect(r.reasons).not.toMatch(/[a-z]_[a-z]/i);
    }
    // The demo model keeps what is usual, so at least one row compares with it.
    expect(drawn.some((r) => /usual|median/.test(r.reasons))).toBe(true);
    for (const i of [n - 2, n - 1]) await last.nth(i).getByRole('checkbox').check();
    await app.shot('reasons-ranking-bottom');
  }, 300_000);

  it('prints the same reason text as the screen shows', async () => {
    await page.getByRole('button', { name: 'Print list…' }).click();
    const sheet = page.getByTestId('print-sheet');
    await sheet.getByRole('heading', { name: 'Maintenance list' }).waitFor();
    const list = sheet.getByRole('table', { name: 'Maintenance list' });
    await list.waitFor();
    const printed = await list
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
      );
    // The reasons column by its test id: a time band column may come before it.
    const reasonsAt = await list
      .locator('tbody tr')
      .first()
      .evaluate((tr) =>
        [...tr.querySelectorAll('td')].findIndex((td) => td.dataset.testid === 'print-reasons'),
      );
    expect(printed).toHaveLength(2);
    for (const b of bottom) {
      const row = printed.find((c) => c[1].startsWith(b.machine) && c[2] === b.component);
      expect(row, `${b.machine} ${b.component}`).toBeTruthy();
      expect(row![reasonsAt]).toBe(b.reasons);
    }
    await app.shot('reasons-print');
  }, 60_000);
});
