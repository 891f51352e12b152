/**
 * End to end on the browser build: the Import screen's preview (a dry run of the
 * importer) and its mapping editor, as a planner meets real exports. A folder of one
 * file per pump without a machine column is read with machine ids from the file name;
 * a long historian file (timestamp, tag, value, quality) is mapped column by column with
 * tags split into machine and sensor. Each time the preview table shows the rows as
 * they will be stored, the import stores them and the report agrees; the settings are
 * saved as profiles and picked again; a schedule's watched folder (added from the
 * command line, as the browser cannot watch folders) is set to read with one, and a
 * removed profile is named in the schedule form. Screenshots go to
 * test-results/e2e/ (and /tmp/ui-shots/ when it exists, to look at the layout).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/shared';
import { Store } from '../../workers/store/store';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

const LOOK = '/tmp/ui-shots';

/** A line's telemetry export with a set-point column the planner leaves out. */
const LINE_A = [
  'datetime,machineID,volt,rotate,setpoint',
  '2024-02-01 00:00:00,L-1,170.1,420.5,1',
  '2024-02-01 01:00:00,L-1,171.3,418.2,1',
  '2024-02-01 00:00:00,L-2,165.0,430.1,2',
  '2024-02-01 01:00:00,L-2,166.2,431.0,2',
].join('\n');

/** One pump's export: time and readings, no machine column (the file name says which pump). */
function pumpFile(volt0: number): string {
  const lines = ['time,volt,rotate,pressure'];
  for (let h = 0; h < 6; h++) {
    const t = `2024-03-01 ${String(h).padStart(2, '0')}:00:00`;
    lines.push(`${t},${(volt0 + h).toFixed(1)},${420 + h},${(100 + h / 10).toFixed(2)}`);
  }
  return lines.join('\n');
}

/** A historian's long export: one reading per row, tags MACHINE.sensor, a quality flag. */
function historianFile(): string {
  const lines = ['Timestamp,TagName,Value,Quality'];
  for (let h = 0; h < 4; h++) {
    const t = `2024-03-02 ${String(h).padStart(2, '0')}:00:00`;
    for (const m of ['FAN01', 'FAN02']) {
      lines.push(`${t},${m}.volt,${170 + h},Good`);
      lines.push(`${t},${m}.rotate,${430 + h},${h === 3 && m === 'FAN02' ? 'Bad' : 'Good'}`);
    }
  }
  return lines.join('\n');
}

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

/** Cell texts of a table's body rows. */
async function bodyRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push(await rows.nth(i).locator('td').allInnerTexts());
  }
  return out;
}

describe.skipIf(!HAS_CHROMIUM)('the Import screen preview, mapping editor and profiles', () => {
  let app: WebApp;
  let page: Page;
  const shot = async (name: string) => {
    const png = await app.shot(name);
    if (existsSync(LOOK))
      await page.screenshot({ path: join(LOOK, `${name}.png`), fullPage: true });
    return png;
  };
  const preview = (file: string) =>
    page.locator(`[data-testid="file-preview"][data-file="${file}"]`);
  /** Waits until every file's preview is computed for the settings on screen. */
  const settled = async () => {
    await page.getByTestId('import-mapping').waitFor();
    // An edit starts a new preview after a short pause: let it begin first.
    await page.waitForTimeout(500);
    await expect
      .poll(
        () =>
          page
            .locator(
              '[data-testid="file-preview"]:not([data-state="done"]):not([data-state="failed"])',
            )
            .count(),
        { timeout: 30_000 },
      )
      .toBe(0);
  };

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('creates a plant', async () => {
    await page.getByLabel('Plant name').fill('Mapping plant');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    await page.getByTestId('profile-bar').getByText('No saved profiles yet').waitFor();
  });

  it('previews the stored rows, and a column left out leaves the preview', async () => {
    await page.getByTestId('import-files').setInputFiles([csv('line-a.csv', LINE_A)]);
    await settled();
    const file = preview('line-a.csv');
    expect(await file.getByTestId('preview-refused').count()).toBe(0);
    expect(await file.getByRole('combobox', { name: 'Kind of line-a.csv' }).inputValue()).toBe(
      'telemetry',
    );
    expect(await file.getByTestId('preview-time-form').innerText()).toMatch(/YYYY-MM-DD/);
    expect(await file.getByTestId('preview-machine-source').innerText()).toMatch(/machineID/);
    expect(await file.getByTestId('preview-counts').innerText()).toMatch(
      /In the first 500 rows: 4 rows read, 4 would be stored, 0 already stored, 0 rejected/,
    );
    const stored = file.getByRole('table', { name: 'First rows of line-a.csv' });
    expect(await stored.locator('thead th').allInnerTexts()).toContain('setpoint');
    expect(await bodyRows(stored)).toHaveLength(4);
    await shot('40-mapping-preview');

    await file.getByLabel('Meaning of column setpoint').selectOption({ label: 'Leave out' });
    await settled();
    await expect.poll(() => stored.locator('thead th').allInnerTexts()).not.toContain('setpoint');
    expect(await stored.locator('thead th').allInnerTexts()).toContain('volt');

    await page.getByRole('button', { name: 'Save these settings as…' }).click();
    await page.getByLabel('Profile name').fill('Line A');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved as profile Line A.').waitFor();

    await page.getByRole('button', { name: 'Import 1 file(s)' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getByTestId('import-refused').count()).toBe(0);
    expect(await report.getByTestId('total-added').innerText()).toBe('4');
    expect(await report.getByTestId('report-machine-source').innerText()).toMatch(/machineID/);
    expect(
      await report.getByRole('table', { name: 'Columns of line-a.csv not imported' }).innerText(),
    ).toContain('setpoint');
  });

  it('reads one file per pump with machine ids from the file name', async () => {
    await page.getByTestId('profile-bar').getByRole('combobox').selectOption('');
    await page
      .getByTestId('import-files')
      .setInputFiles([csv('pump-01.csv', pumpFile(170)), csv('pump-02.csv', pumpFile(180))]);
    await settled();
    // Without a machine column the import cannot tell which pump a row is from.
    const first = preview('pump-01.csv');
    await first.getByTestId('preview-refused').waitFor();
    await shot('40-mapping-no-machine');

    const options = page.getByRole('group', { name: 'Options for the selected files' });
    await options.getByLabel('Machine ids').selectOption({ label: 'From the file name' });
    await options.getByText('pump-01.csv gives machine id pump-01').waitFor();
    await settled();
    expect(await first.getByTestId('preview-refused').count()).toBe(0);
    expect(await first.getByTestId('preview-machine-source').innerText()).toMatch(/file name/i);
    await first.getByText('pump-01.csv gives machine id pump-01').waitFor();
    expect(await first.getByTestId('preview-counts').innerText()).toMatch(
      /In the first 500 rows: 6 rows read, 6 would be stored/,
    );
    // The table shows the rows as stored: the machine id from the name, the readings.
    const stored = first.getByRole('table', { name: 'First rows of pump-01.csv' });
    const head = await stored.locator('thead th').allInnerTexts();
    const rows = await bodyRows(stored);
    expect(rows).toHaveLength(6);
    const mi = head.findIndex((h) => /machine/i.test(h));
    const vi = head.indexOf('volt');
    expect(mi).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r[mi])).toEqual(Array(6).fill('pump-01'));
    expect(rows.map((r) => Number(r[vi]))).toEqual([170, 171, 172, 173, 174, 175]);
    const second = preview('pump-02.csv').getByRole('table', { name: 'First rows of pump-02.csv' });
    expect((await bodyRows(second))[0][mi]).toBe('pump-02');
    // Roles are per column, in words; the time column is read as a time stamp.
    expect(await first.getByLabel('Meaning of column time').inputValue()).toBe('timestamp');
    await shot('41-mapping-from-file-name');

    // Saved as a profile before importing, for the next month's folder.
    await page.getByRole('button', { name: 'Save these settings as…' }).click();
    await page.getByLabel('Profile name').fill('Pump folder');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved as profile Pump folder.').waitFor();
    expect(await page.getByTestId('profile-bar').getByRole('combobox').inputValue()).toBe(
      'Pump folder',
    );

    await page.getByRole('button', { name: 'Import 2 file(s)' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getByTestId('import-refused').count()).toBe(0);
    expect(await report.getByTestId('total-added').innerText()).toBe('12');
    expect(await report.getByTestId('report-machine-source').first().innerText()).toMatch(
      /file name/i,
    );
    const unlisted = report.getByTestId('unlisted-machines');
    expect(await unlisted.getByRole('listitem').allInnerTexts()).toEqual(
      expect.arrayContaining(['pump-01', 'pump-02']),
    );
    await shot('42-mapping-pumps-imported');
  });

  it('maps a long historian file column by column', async () => {
    await page.getByTestId('profile-bar').getByRole('combobox').selectOption('');
    await page.getByTestId('import-files').setInputFiles([csv('historian.csv', historianFile())]);
    await settled();
    const file = preview('historian.csv');
    await file.getByRole('combobox', { name: 'Kind of historian.csv' }).selectOption('telemetry');
    await file.getByLabel('Meaning of column TagName').selectOption({ label: 'Tag (long file)' });
    await file.getByLabel('Meaning of column Value').selectOption({ label: 'Value (long file)' });
    await file
      .getByLabel('Meaning of column Quality')
      .selectOption({ label: 'Quality (long file)' });
    await file.getByLabel('Meaning of column Timestamp').selectOption({ label: 'Time stamp' });
    const options = page.getByRole('group', { name: 'Options for the selected files' });
    await options
      .getByLabel('Tags')
      .selectOption({ label: 'Machine and sensor, split at the first dot (PUMP01.temp)' });
    await file.getByText('FAN01.volt gives machine FAN01, sensor volt').waitFor();
    await settled();
    expect(await file.getByTestId('preview-refused').count()).toBe(0);
    await file.getByText('long file: one reading per row').waitFor();
    const stored = file.getByRole('table', { name: 'First rows of historian.csv' });
    // A long file's rows as stored: one reading each, its machine and sensor from the tag.
    const head = await stored.locator('thead th').allInnerTexts();
    expect(head.map((h) => h.trim().toLowerCase())).toEqual(
      expect.arrayContaining(['machine', 'sensor', 'value']),
    );
    const rows = await bodyRows(stored);
    const col = (name: string) => head.findIndex((h) => h.trim().toLowerCase() === name);
    expect(new Set(rows.map((r) => r[col('machine')]))).toEqual(new Set(['FAN01', 'FAN02']));
    expect(new Set(rows.map((r) => r[col('sensor')]))).toEqual(new Set(['volt', 'rotate']));
    // Four hours of two fans, two sensors each: 16 readings, one of bad quality.
    expect(rows.length).toBeGreaterThan(0);
    expect(await file.getByTestId('preview-counts').innerText()).toMatch(
      /16 rows read, 16 would be stored/,
    );
    await shot('43-mapping-long-file');

    await page.getByRole('button', { name: 'Save these settings as…' }).click();
    await page.getByLabel('Profile name').fill('Historian');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved as profile Historian.').waitFor();

    await page.getByRole('button', { name: 'Import 1 file(s)' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getByTestId('import-refused').count()).toBe(0);
    expect(await report.getByTestId('total-added').innerText()).toBe('16');
    await shot('44-mapping-long-imported');
  });

  it('reads the next files with a saved profile', async () => {
    const picker = page.getByTestId('profile-bar').getByRole('combobox');
    expect(await picker.locator('option').allInnerTexts()).toEqual(
      expect.arrayContaining(['Detected settings', 'Line A']),
    );
    await picker.selectOption('Line A');
    await page.getByTestId('import-files').setInputFiles([csv('line-a-march.csv', LINE_A)]);
    await settled();
    const file = preview('line-a-march.csv');
    // The profile leaves the set-point out of the next export too.
    expect(await file.getByLabel('Meaning of column setpoint').inputValue()).toBe('ignore');
    const stored = file.getByRole('table', { name: 'First rows of line-a-march.csv' });
    expect(await stored.locator('thead th').allInnerTexts()).not.toContain('setpoint');
    await shot('45-mapping-profile-picked');
  });

  it("reads a schedule's watched folder with the profile", async () => {
    // The browser cannot watch a folder: the plant file goes to the command line, which
    // adds a schedule watching a folder with the profile, and comes back.
    await page.getByRole('link', { name: 'Plant file', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save a copy…' }).click(),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'pdm-mapping-'));
    const plant = join(dir, 'plant.pdm');
    await download.saveAs(plant);
    const incoming = join(dir, 'incoming');
    mkdirSync(incoming);
    const pdm = (...args: string[]) =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
        encoding: 'utf8',
      });
    const added = pdm(
      'schedule',
      'add',
      '--db',
      plant,
      '--name',
      'Line A import',
      '--preset',
      'daily',
      '--at',
      '06:00',
      '--tz',
      'UTC',
      '--watch',
      incoming,
      '--profile',
      'Line A',
      '--score',
      'none',
    );
    expect(added.status, added.stderr).toBe(0);
    // Its next due run imports the folder's new export with the profile: the set-point
    // stays out, the readings go in.
    writeFileSync(
      join(incoming, 'line-a-april.csv'),
      LINE_A.replace(/2024-02-01/g, '2024-04-01') + '\n',
    );
    const due = new Date(Date.now() + 86_400_000);
    due.setUTCHours(7, 0, 0, 0);
    const ran = pdm('run-due', '--db', plant, '--now', due.toISOString());
    expect(ran.status, ran.stderr + ran.stdout).toBe(0);
    const store = await Store.open(readFileSync(plant));
    expect(store.sensors().map((x) => x.name)).not.toContain('setpoint');
    expect(
      Number(
        store.scalar('SELECT count(*) FROM telemetry WHERE t >= ?', [Date.UTC(2024, 3, 1) / 1000]),
      ),
    ).toBe(4);
    store.close();

    await page.getByRole('button', { name: 'Close' }).click();
    await page
      .getByText('Open file…')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'plant.pdm',
        mimeType: 'application/octet-stream',
        buffer: readFileSync(plant),
      });
    await page.getByRole('link', { name: 'Runs & schedules', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Line A import' }).click();
    const form = page.getByRole('form', { name: 'Edit schedule “Line A import”' });
    await form.getByTestId('watch-dir').getByText(incoming).waitFor();
    const readWith = form.getByLabel('Read its files with');
    expect(await readWith.inputValue()).toBe('Line A');
    const choices = await readWith.locator('option').allInnerTexts();
    expect(choices[0]).toBe('Detected settings');
    expect(choices).toContain('Line A');
    await shot('46-mapping-schedule-profile');
    // Detected settings for this folder, saved; then the profile again.
    await readWith.selectOption('');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit Line A import' }).click();
    expect(await form.getByLabel('Read its files with').inputValue()).toBe('');
    await form.getByLabel('Read its files with').selectOption('Line A');
    await shot('46b-mapping-schedule-profile-again');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByRole('table', { name: 'Schedules' })
      .getByText('Import only (no scoring) · watched folder (profile Line A)')
      .waitFor();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes a profile, and the schedule using it says so', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const picker = page.getByTestId('profile-bar').getByRole('combobox');
    await picker.selectOption('Line A');
    await page.getByRole('button', { name: 'Remove profile Line A' }).click();
    await page.getByText('Profile Line A removed.').waitFor();
    expect(await picker.locator('option').allInnerTexts()).not.toContain('Line A');
    expect(await picker.inputValue()).toBe('');

    await page.getByRole('link', { name: 'Runs & schedules', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Line A import' }).click();
    const form = page.getByRole('form', { name: 'Edit schedule “Line A import”' });
    await form.getByText('Profile Line A is no longer in this plant.').waitFor();
    await shot('47-mapping-profile-gone');
  });

  it('logged no console errors and sent no request off localhost', () => {
    expect(app.consoleErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
