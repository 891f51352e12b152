/**
 * The Work orders screen: the rules editor refuses bad values under their fields and
 * saves good ones; a scoring run then proposes work orders; a planner accepts one,
 * dismisses another with a reason, exports the accepted ones as the CMMS CSV and
 * prints one work-order sheet per machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, SHOTS, startWebApp, type WebApp } from './helpers';

describe.skipIf(!HAS_CHROMIUM)('work orders', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const table = () => page.getByRole('table', { name: 'Work-order proposals' });
  const rows = () => table().locator('tbody tr');
  const show = async (state: string) => {
    await page.getByLabel('Show').selectOption({ label: state });
  };

  it('edits the rules: bad values are named under their fields, good ones are saved', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Work orders' }).click();
    await page.getByRole('heading', { name: 'Work orders' }).waitFor();
    await page.getByRole('button', { name: 'Rules…' }).click();
    const high = page.getByLabel('High risk: runs in a row', { exact: true });
    const medium = page.getByLabel('Medium or high risk: runs in a row');
    const cooldown = page.getByLabel('Cooldown after dismissed or done');
    await expect.poll(() => high.inputValue()).toBe('1');
    expect(await medium.inputValue()).toBe('3');
    expect(await cooldown.inputValue()).toBe('2d');

    await medium.fill('two');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('A whole number of runs from 0 (off) to 100.').waitFor();
    await medium.fill('1');
    await cooldown.fill('soon');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Write a length such as 48h or 2d (0 for none).').waitFor();
    await cooldown.fill('36h');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Rules saved.').waitFor();
    expect(await cooldown.inputValue()).toBe('36h');
    await app.shot('work-orders-rules');
  }, 300_000);

  it('a scoring run proposes work orders by the saved rules', async () => {
    // The demo's risks are modest: lower the plant's levels so several count.
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    await page.getByRole('button', { name: 'Thresholds…' }).click();
    await page.getByLabel('High from').fill('15');
    await page.getByLabel('Medium from').fill('10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Apply' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Runs & schedules' }).click();
    const before = page.url();
    await page.getByRole('button', { name: 'Score this range' }).click();
    await page.waitForURL((u) => /#\/risks\/\d+$/.test(u.hash) && u.href !== before, {
      timeout: 120_000,
    });
    await page.getByRole('link', { name: 'Work orders' }).click();
    await show('Open');
    await rows().first().waitFor();
    // Medium or high in one run now proposes: at least two proposals to work with.
    expect(await rows().count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('orders-figures').textContent()).toMatch(/\d+ open/);
  }, 300_000);

  let accepted = { id: '', machine: '', component: '' };

  it('accepts one proposal and dismisses another with a reason', async () => {
    const first = rows().first();
    const cells = await first.locator('td').allTextContents();
    accepted = {
      id: cells[0].replace('#', ''),
      machine: cells[1].split(' · ')[0],
      component: cells[2],
    };
    await first.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId(`proposal-${accepted.id}`).waitFor({ state: 'detached' });

    const second = rows().first();
    const secondId = (await second.locator('td').first().textContent())!.replace('#', '');
    await second.getByRole('button', { name: 'Dismiss…' }).click();
    await page.getByRole('button', { name: 'Dismiss proposal' }).click();
    await page.getByText('Give a reason.').waitFor();
    await page
      .getByLabel(`Reason for dismissing #${secondId}`)
      .fill('Inspected on the last round: fine');
    await page.getByRole('button', { name: 'Dismiss proposal' }).click();
    await page.getByTestId(`proposal-${secondId}`).waitFor({ state: 'detached' });

    await show('All');
    const dismissed = page.getByTestId(`proposal-${secondId}`);
    await expect
      .poll(() => dismissed.textContent())
      .toContain('dismissed: Inspected on the last round: fine');
    expect(await page.getByTestId(`proposal-${accepted.id}`).textContent()).toContain('Accepted');
    await app.shot('work-orders-list');
  }, 120_000);

  it('exports the accepted proposals as the CMMS CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export accepted (CSV)' }).click(),
    ]);
    const file = join(SHOTS, 'work-orders.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'asset_id,title,description,priority,due_date,component,source_run,proposal_id,risk_percent,risk_level,state',
    );
    expect(lines).toHaveLength(2);
    const cells = lines[1].split(',');
    expect(cells[0]).toBe(accepted.machine);
    expect(lines[1]).toContain(`Check ${accepted.component} on machine ${accepted.machine}`);
    expect(lines[1]).toMatch(
      new RegExp(`,${accepted.component},\\d+,${accepted.id},[\\d.]+,(high|medium),accepted$`),
    );
  }, 60_000);

  it('prints one work-order sheet per machine, without the app around it', async () => {
    await page.getByRole('button', { name: 'Work-order sheets…' }).click();
    const sheets = page.getByTestId('order-sheet');
    await sheets.first().waitFor();
    expect(await sheets.count()).toBe(1);
    const sheet = sheets.first();
    expect(await sheet.getByRole('heading').textContent()).toBe(
      `Work orders — Machine ${accepted.machine}`,
    );
    expect(await sheet.locator('tbody tr').count()).toBe(1);
    expect(await sheet.locator('tbody tr td').nth(1).textContent()).toBe(`#${accepted.id}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.sidenav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await app.shot('work-orders-sheet-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await table().waitFor();
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
