/**
 * End to end on the browser build: the plant's cadence (observation step, rolling
 * windows, error-count window, horizon) edited in Plant settings: a length that is not
 * one and a cadence the engine refuses are both named under their field, valid values
 * are saved and read back after a reload, and "Reset to defaults" fills the reference's
 * values in. Then imports through the Import screen: hourly readings fit the 12 h step
 * (one quiet line); daily readings bring a proposal, "Edit settings…" opens the settings
 * filled in with it and "Use these settings" saves it.
 *
 * The import tests need the importer to measure the readings' interval
 * (ImportReport.cadence, workers/ingest); without it the report has no cadence line.
 * Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

const DEFAULTS_TEXT = 'step 12 h · windows 12 h, 24 h, 36 h · error counts 24 h · horizon 7 days';
const DAILY_TEXT = 'step 24 h · windows 24 h, 72 h, 168 h · error counts 72 h · horizon 14 days';

/** `YYYY-MM-DD HH:MM:SS` of 2024-03-01 00:00 plus `hours`. */
function stamp(hours: number): string {
  return new Date(Date.UTC(2024, 2, 1) + hours * 3600_000)
    .toISOString()
    .replace('T', ' ')
    .slice(0, 19);
}

/** Telemetry of `machines` every `everyHours` hours, `n` readings each. */
function telemetry(machines: string[], everyHours: number, n: number, startHour = 0): string {
  const rows = ['datetime,machineID,volt,rotate'];
  for (const m of machines) {
    for (let k = 0; k < n; k++) {
      rows.push(`${stamp(startHour + k * everyHours)},${m},${170 + (k % 7)},${420 + (k % 5)}`);
    }
  }
  return rows.join('\n');
}

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

describe.skipIf(!HAS_CHROMIUM)('plant cadence settings and the import proposal', () => {
  let app: WebApp;
  let page: Page;

  const form = () => page.getByTestId('cadence-settings');
  const field = (f: Locator, label: string) => f.getByLabel(label, { exact: true });

  async function fill(f: Locator, values: Record<string, string>) {
    for (const [label, v] of Object.entries(values)) await field(f, label).fill(v);
  }

  async function values(f: Locator) {
    return {
      step: await field(f, 'Observation step').inputValue(),
      windows: await field(f, 'Rolling windows').inputValue(),
      event: await field(f, 'Error count window').inputValue(),
      horizon: await field(f, 'Prediction horizon').inputValue(),
    };
  }

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
    app = await startWebApp({ timezoneId: 'UTC' });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows the reference cadence on a new plant', async () => {
    await page.getByLabel('Plant name').fill('Cadence plant');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    // The Import screen shows the step beside the plant's time zone.
    await page.getByTestId('import-step').getByText('observation step 12 h').waitFor();

    await page.getByRole('link', { name: 'Plant settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Plant settings', level: 1 }).waitFor();
    const f = form();
    await f.getByRole('heading', { name: 'Observation cadence' }).waitFor();
    await f.getByTestId('plant-cadence').getByText(DEFAULTS_TEXT).waitFor();
    expect(await values(f)).toEqual({
      step: '12h',
      windows: '12h, 24h, 36h',
      event: '24h',
      horizon: '7d',
    });
    expect(await f.innerText()).toContain('until they are retrained');
    // Nothing to save or reset yet.
    expect(await f.getByRole('button', { name: 'Save cadence' }).isDisabled()).toBe(true);
    expect(await f.getByRole('button', { name: 'Reset to defaults' }).isDisabled()).toBe(true);
    // The stale-data setting counts in the plant's steps.
    await page
      .getByTestId('stale-settings')
      .getByLabel('Leave out of the ranking after (steps of 12 h)')
      .waitFor();
  });

  it('refuses a value that is not a length, naming the field', async () => {
    const f = form();
    const step = field(f, 'Observation step');
    await step.fill('12x');
    await f.getByRole('button', { name: 'Save cadence' }).click();
    const alert = f.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Observation step: “12x” is not a length');
    expect(await step.getAttribute('aria-invalid')).toBe('true');
    // The message is the step field's own (read out with it).
    const describedBy = (await step.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await alert.getAttribute('id'));
    // Nothing was stored.
    await f.getByTestId('plant-cadence').getByText(DEFAULTS_TEXT).waitFor();
    await app.shot('60-cadence-invalid');
  });

  it("shows the engine's message under the windows when it refuses the cadence", async () => {
    const f = form();
    await fill(f, { 'Observation step': '12h', 'Rolling windows': '24h, 1d' });
    // Editing cleared the last message.
    expect(await f.getByRole('alert').count()).toBe(0);
    await f.getByRole('button', { name: 'Save cadence' }).click();
    const alert = f.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The window 24h is given twice');
    expect(await field(f, 'Rolling windows').getAttribute('aria-invalid')).toBe('true');
    expect(await field(f, 'Observation step').getAttribute('aria-invalid')).toBeNull();
    await f.getByTestId('plant-cadence').getByText(DEFAULTS_TEXT).waitFor();
  });

  it('saves valid lengths and reads them back after a reload', async () => {
    const f = form();
    await fill(f, {
      'Observation step': '1d',
      'Rolling windows': '24h, 72h, 168h',
      'Error count window': '3d',
      'Prediction horizon': '14 days',
    });
    await f.getByRole('button', { name: 'Save cadence' }).click();
    await f
      .getByRole('status')
      .getByText(`Cadence saved: ${DAILY_TEXT}. Models trained under other settings`)
      .waitFor();
    expect(await f.getByRole('alert').count()).toBe(0);
    await f.getByTestId('plant-cadence').getByText(DAILY_TEXT).waitFor();
    await page
      .getByTestId('stale-settings')
      .getByLabel('Leave out of the ranking after (steps of 24 h)')
      .waitFor();
    await app.shot('61-cadence-saved');

    await page.reload();
    await page.getByRole('heading', { name: 'Plant settings', level: 1 }).waitFor();
    await form().getByTestId('plant-cadence').getByText(DAILY_TEXT).waitFor();
    // Hours as the feature columns are named (and the error window typed as 3d); horizon in days.
    expect(await values(form())).toEqual({
      step: '24h',
      windows: '24h, 72h, 168h',
      event: '72h',
      horizon: '14d',
    });
  });

  it('fills the defaults in with "Reset to defaults" and saves them', async () => {
    const f = form();
    await f.getByRole('button', { name: 'Reset to defaults' }).click();
    expect(await values(f)).toEqual({
      step: '12h',
      windows: '12h, 24h, 36h',
      event: '24h',
      horizon: '7d',
    });
    await f.getByText('The defaults are filled in.').waitFor();
    // Not saved until Save.
    await f.getByTestId('plant-cadence').getByText(DAILY_TEXT).waitFor();
    await f.getByRole('button', { name: 'Save cadence' }).click();
    await f.getByTestId('plant-cadence').getByText(DEFAULTS_TEXT).waitFor();
    await f.getByRole('status').getByText('Cadence saved:').waitFor();
  });

  // Needs the importer's cadence check (ImportReport.cadence).
  it('says in one line that hourly readings fit the 12 h step', async () => {
    const report = await importFiles([csv('hourly.csv', telemetry(['H-1', 'H-2'], 1, 144))]);
    expect(await report.getByTestId('total-added').innerText()).toBe('288');
    const fits = report.getByTestId('cadence-fits');
    await fits.waitFor();
    expect(await fits.innerText()).toBe("Readings about every 1 h — fits the plant's 12 h step.");
    expect(await report.getByTestId('cadence-proposal').count()).toBe(0);
  });

  // Needs the importer's cadence check (ImportReport.cadence).
  it('proposes daily settings for daily readings; Edit and Use apply them', async () => {
    const report = await importFiles([csv('daily.csv', telemetry(['D-1', 'D-2'], 24, 21, 6))]);
    expect(await report.getByTestId('total-added').innerText()).toBe('42');
    const notice = report.getByTestId('cadence-proposal');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('daily.csv: readings about every 24 h');
    expect(text).toContain('over 2 machines');
    expect((await notice.getByTestId('cadence-reason').innerText()).length).toBeGreaterThan(10);
    expect(await notice.getByTestId('cadence-current').innerText()).toBe(DEFAULTS_TEXT);
    expect(await notice.getByTestId('cadence-proposed').innerText()).toBe(DAILY_TEXT);
    await app.shot('62-cadence-proposal');

    // "Edit settings…" opens the plant settings on this screen, filled in, not saved.
    await notice.getByRole('button', { name: 'Edit settings…' }).click();
    const f = page.locator('#import-plant-settings').getByTestId('cadence-settings');
    await f.getByTestId('cadence-filled').waitFor();
    expect(await values(f)).toEqual({
      step: '24h',
      windows: '24h, 72h, 168h',
      event: '72h',
      horizon: '14d',
    });
    await f.getByTestId('plant-cadence').getByText(DEFAULTS_TEXT).waitFor();
    expect(await f.getByRole('button', { name: 'Save cadence' }).isDisabled()).toBe(false);
    await app.shot('63-cadence-edit');

    // "Use these settings" saves the proposal; the notice, the form and the bar follow.
    await notice.getByRole('button', { name: 'Use these settings' }).click();
    await notice.getByRole('status').getByText(`Plant settings updated: ${DAILY_TEXT}.`).waitFor();
    expect(await notice.getByRole('button', { name: 'Use these settings' }).count()).toBe(0);
    await f.getByTestId('plant-cadence').getByText(DAILY_TEXT).waitFor();
    await page.getByTestId('import-step').getByText('observation step 24 h').waitFor();
    await app.shot('64-cadence-used');

    await page.reload();
    await page.getByRole('link', { name: 'Plant settings', exact: true }).click();
    await form().getByTestId('plant-cadence').getByText(DAILY_TEXT).waitFor();
  });

  it('logged no console errors and sent no request off localhost', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
