/**
 * End to end on the browser build: the plant time zone set in Plant settings (from the
 * Import screen), a refused file shown with the importer's message naming the column, an
 * import of offset timestamps reporting how they were read and the zone they were
 * converted to, the machines without a machine-list row, and text machine ids in the
 * Explore machine picker. Files are handed to the file input as in-memory buffers.
 * Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

/** A telemetry export with an extra text column (`Status`) no importer role fits. */
const WITH_STATUS = [
  'datetime,machineID,volt,rotate,Status',
  '2024-03-01 00:00:00,P-101A,170.1,420.5,running',
  '2024-03-01 01:00:00,P-101A,171.3,418.2,running',
  '2024-03-01 00:00:00,Pump 3,165.0,430.1,stopped',
].join('\n');

/** Telemetry with UTC offsets and text machine ids; 00:00 UTC is 09:00 in Seoul. */
const WITH_OFFSETS = [
  'datetime,machineID,volt,rotate',
  '2024-03-01T00:00:00+00:00,P-101A,170.1,420.5',
  '2024-03-01T01:00:00+00:00,P-101A,171.3,418.2',
  '2024-03-01T00:00:00+00:00,Pump 3,165.0,430.1',
  '2024-03-01T01:00:00+00:00,Pump 3,166.2,431.0',
].join('\n');

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

describe.skipIf(!HAS_CHROMIUM)('plant time zone, import options and the import report', () => {
  let app: WebApp;
  let page: Page;
  const shot = (name: string) => app.shot(name);

  /** Picks files on the Import screen and imports them; returns the report. */
  async function importFiles(files: ReturnType<typeof csv>[]) {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-files').setInputFiles(files);
    await page.getByRole('button', { name: `Import ${files.length} file(s)` }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    return report;
  }

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('creates a plant and sets its time zone from the Import screen', async () => {
    await page.getByLabel('Plant name').fill('Seoul plant');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();

    const toggle = page.getByRole('button', { name: 'Plant settings…' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const settings = page.getByTestId('plant-settings');
    await settings.getByRole('heading', { name: 'Plant time zone' }).waitFor();
    const field = settings.getByLabel('Time zone', { exact: true });
    // The field suggests the zones the browser knows (a datalist behind the input).
    const suggestions = await settings.locator('datalist option').count();
    expect(suggestions).toBeGreaterThan(300);
    const help = await settings.getByText(/converted to this zone when imported/).innerText();
    expect(help).toContain('Data already stored is not changed');

    // A name the engine does not know: its message is shown under the field.
    await field.fill('Mars/Olympus_Mons');
    await settings.getByRole('button', { name: 'Save time zone' }).click();
    const alert = settings.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain("'Mars/Olympus_Mons' is not a time zone name");
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    // Keyboard only: type the name and press Enter.
    await field.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Asia/Seoul');
    await page.keyboard.press('Enter');
    await settings.getByRole('status').getByText('Plant time zone set to Asia/Seoul').waitFor();
    expect(await settings.getByRole('alert').count()).toBe(0);
    // The shown zone is read again from the engine after the save: wait for it.
    await settings
      .getByTestId('plant-zone')
      .filter({ hasText: /^Asia\/Seoul$/ })
      .waitFor();
    await page
      .getByTestId('import-zone')
      .filter({ hasText: /^Asia\/Seoul$/ })
      .waitFor();
    await shot('20-plant-settings');
  });

  it('shows the zone on the Plant file screen and in Plant settings after a reload', async () => {
    await page.reload();
    await page.getByRole('link', { name: 'Plant file', exact: true }).click();
    await page.getByTestId('start-zone').getByText('Asia/Seoul').waitFor();
    await page.getByRole('link', { name: 'Plant settings…' }).click();
    await page.getByRole('heading', { name: 'Plant settings', level: 1 }).waitFor();
    const field = page.getByTestId('plant-settings').getByLabel('Time zone', { exact: true });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=plant-zone]')?.textContent ?? '') !== '…',
    );
    expect(await field.inputValue()).toBe('Asia/Seoul');
  });

  it('sets after how many steps without data a machine leaves the ranking', async () => {
    const form = page.getByTestId('stale-settings');
    const steps = form.getByLabel('Leave out of the ranking after (steps of 12 h)');
    await expect.poll(() => steps.inputValue()).toBe('3');
    await steps.fill('0');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText(/is not a number of steps/).waitFor();
    await steps.fill('5');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText('Machines are left out after 5 steps (60 h) without data.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Plant settings', level: 1 }).waitFor();
    await expect
      .poll(() =>
        page
          .getByTestId('stale-settings')
          .getByLabel('Leave out of the ranking after (steps of 12 h)')
          .inputValue(),
      )
      .toBe('5');
  });

  it('offers the import options for the selected files', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-files').setInputFiles([csv('status.csv', WITH_STATUS)]);
    const options = page.getByRole('group', { name: 'Options for the selected files' });
    await options.waitFor();
    const date = options.getByLabel('Date format');
    expect(await date.locator('option').allInnerTexts()).toEqual([
      'Detected',
      'Day first (D/M/Y)',
      'Month first (M/D/Y)',
      'Excel serial days',
      'Unix seconds',
      'Unix milliseconds',
      'Custom pattern…',
      'Counter (cycles or samples)…',
    ]);
    expect(await options.getByText('Two-digit years').innerText()).toContain('D/M/YY HH:mm');
    await date.selectOption({ label: 'Custom pattern…' });
    const importButton = page.getByRole('button', { name: 'Import 1 file(s)' });
    expect(await importButton.isDisabled()).toBe(true);
    await options.getByLabel('Pattern').fill('D/M/YY HH:mm');
    expect(await importButton.isDisabled()).toBe(false);
    await date.selectOption({ label: 'Detected' });
    expect(await options.getByLabel('Decimal mark').locator('option').allInnerTexts()).toEqual([
      'Detected',
      'Point (1234.5)',
      'Comma (1234,5)',
    ]);
    expect(await options.getByLabel('Text encoding').locator('option').allInnerTexts()).toEqual([
      'Detected',
      'UTF-8',
      'Windows-1252',
      'UTF-16LE',
      'UTF-16BE',
    ]);
    await shot('21-import-options');
  });

  // Needs the new importer: a text column in a telemetry file is refused by name.
  it('shows a refused file with the message naming the column', async () => {
    const report = await importFiles([csv('status.csv', WITH_STATUS)]);
    const refused = report.getByTestId('import-refused');
    await refused.waitFor();
    const text = await refused.innerText();
    expect(text).toContain('status.csv was not imported');
    expect(text).toContain('Status');
    expect(await report.getByTestId('total-added').innerText()).toBe('0');
    await shot('22-import-refused');
  });

  // Needs the new importer: offsets converted to the plant zone and reported.
  it('imports offset timestamps and reports their form and the zone', async () => {
    const report = await importFiles([csv('offsets.csv', WITH_OFFSETS)]);
    expect(await report.getByTestId('import-refused').count()).toBe(0);
    expect(await report.getByTestId('total-added').innerText()).toBe('4');
    expect(await report.getByTestId('timestamp-form').innerText()).toMatch(/offset/i);
    expect(await report.getByTestId('report-zone').innerText()).toBe('Asia/Seoul');
    const unlisted = report.getByTestId('unlisted-machines');
    await unlisted.waitFor();
    expect(await unlisted.getByRole('listitem').allInnerTexts()).toEqual(['P-101A', 'Pump 3']);
    expect(await unlisted.innerText()).toContain('age -1');
    await shot('23-import-report');
  });

  // With the new importer only offsets.csv is stored, so the picker lists exactly its ids.
  it('shows the text machine ids in the Explore machine picker', async () => {
    await page.getByRole('link', { name: 'Explore' }).click();
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    // The label wraps the select, so its accessible name also carries the chosen option.
    const picker = page.getByRole('combobox', { name: /^Machine\b/ });
    await picker.waitFor();
    // Neither is in a machine list: the picker says so (once Explore has the list), and
    // Explore names the same machines as the import report did.
    await expect
      .poll(() => picker.locator('option').allInnerTexts())
      .toEqual(['P-101A · not in the machine list', 'Pump 3 · not in the machine list']);
    const unlisted = page.getByTestId('unlisted-machines');
    expect(await unlisted.locator('summary').innerText()).toBe(
      'Machines without a machine-list row: 2',
    );
    expect(await unlisted.locator('li').allTextContents()).toEqual(['P-101A', 'Pump 3']);
    await shot('24-explore-text-ids');
  });

  it('logged no console errors and sent no request off localhost', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
