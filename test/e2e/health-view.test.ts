/**
 * End to end on the browser build, the unusual-behaviour view (the health ranking) of a
 * plant with no failures on record: the ranking screen opens on it with a banner that
 * says it is not a failure risk and why it is shown; its reasons read in words; the
 * views switch by mouse and keyboard; a row opens its machine, whose detail lists the
 * same rows; the printed list shows exactly the screen's figures (checked on the page
 * and in a PDF printed by Chromium); the signal map saves and a bad entry is refused in
 * words under its field; in Korean the view has no English sentence; axe-core finds no
 * serious or critical issue. Screenshots and the PDF go to test-results/e2e/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, SHOTS, startWebApp, type WebApp } from './helpers';

const HOURS = 24 * 24;
const START = Date.UTC(2015, 2, 1);
const MACHINES = Array.from({ length: 12 }, (_, i) => ({
  id: `M-${String(i + 1).padStart(2, '0')}`,
  type: i < 6 ? 'model1' : 'model2',
}));
/** The machine whose voltage climbs over the last two days. */
const DRIFTING = 'M-03';

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Twenty-four days of hourly readings: steady machines with a little noise, one drifting. */
function telemetry(): string {
  const rows = ['datetime,machineID,volt,rotate,pressure,vibration'];
  for (let h = 0; h < HOURS; h++) {
    for (const [m, { id, type }] of MACHINES.entries()) {
      const wobble = Math.sin(h * 0.7 + m * 1.3);
      const base = type === 'model1' ? 170 : 160;
      const drift = id === DRIFTING && h >= HOURS - 48 ? 35 : 0;
      rows.push(
        [
          stamp(START + h * 3600_000),
          id,
          (base + m * 0.5 + 3 * wobble + drift).toFixed(2),
          (440 + 10 * Math.cos(h * 0.3 + m)).toFixed(2),
          (100 + 2 * Math.sin(h * 0.5 + m * 2)).toFixed(2),
          (40 + Math.cos(h * 0.9 + m * 0.4)).toFixed(2),
        ].join(','),
      );
    }
  }
  return rows.join('\n');
}

const MACHINE_LIST = [
  'machineID,model,age',
  ...MACHINES.map((m, i) => `${m.id},${m.type},${4 + (i % 5)}`),
].join('\n');

/** Replacements of comp1 and comp2 early in the range: the components a signal may watch. */
const MAINT = [
  'datetime,machineID,comp',
  ...MACHINES.map((m, i) => `${stamp(START + (24 + i) * 3600_000)},${m.id},comp${1 + (i % 2)}`),
].join('\n');

/** The plant's own names, written as the plant writes them in every language. */
const NAMES = /Quiet plant|M-\d+|model\d|volt|rotate|pressure|vibration|comp\d|error\d/g;

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const inPage = (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    const r = await inPage.run({ resultTypes: ['violations'] });
    return r.violations as Violation[];
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describeViolations = (vs: Violation[]) =>
  vs.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** Each row of a table as the text of its cells (tabs between cells). */
async function rowTexts(page: Page, testId: string, cells: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .evaluateAll(
      (trs, sel) =>
        trs.map((tr) =>
          [...tr.querySelectorAll(sel)].map((td) => (td as HTMLElement).innerText.trim()),
        ),
      cells,
    );
}

describe.skipIf(!HAS_CHROMIUM)('unusual behaviour on a plant without failures', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens on the unusual-behaviour view with the banner, reasons in words', async () => {
    await page.getByLabel('Plant name').fill('Quiet plant');
    await page.getByRole('button', { name: 'Create plant' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    await page
      .getByTestId('import-files')
      .setInputFiles([
        csv('telemetry.csv', telemetry()),
        csv('machines.csv', MACHINE_LIST),
        csv('maint.csv', MAINT),
      ]);
    await page.getByRole('button', { name: 'Import 3 file(s)' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 90_000 });

    await page.getByRole('link', { name: 'Risk ranking' }).click();
    const view = page.getByTestId('health-view');
    await view.waitFor({ timeout: 60_000 });
    const healthTab = page.getByRole('tab', { name: 'Unusual behaviour' });
    expect(await healthTab.getAttribute('aria-selected')).toBe('true');
    expect(
      await page.getByRole('tab', { name: 'Failure risk' }).getAttribute('aria-selected'),
    ).toBe('false');
    expect(await view.getByRole('heading', { level: 1 }).innerText()).toBe('Unusual behaviour');

    const banner = await page.getByTestId('health-banner').innerText();
    expect(banner).toContain('This is not a failure risk.');
    expect(banner).toContain('the plant has no labelled failures on record');
    expect(banner).toContain('Import the failure history (at least 10 failures)');

    const table = page.getByRole('table', { name: 'Unusual behaviour ranking' });
    const first = table.getByTestId('health-row').first();
    const cells = await first.locator('td').allInnerTexts();
    // Rank, machine, type, component, score, level, reasons.
    expect(cells[1]).toBe(DRIFTING);
    expect(cells[2]).toBe('model1');
    expect(cells[3]).toBe('whole machine');
    expect(Number(cells[4])).toBeGreaterThan(0);
    expect(cells[5]).toBe('Unusual');
    const reasons = cells[6];
    expect(reasons).toMatch(
      /volt mean over \d+ h [\d.,]+, high \(usual for (this machine|model1 now): [\d.,]+/,
    );
    // No raw feature key: every reason is worded.
    for (const text of await table.getByTestId('health-reasons').allInnerTexts()) {
      expect(text).not.toMatch(/_(mean|std|count|days)/);
    }
    await app.shot('health-10-view');
  }, 300_000);

  it('switches views by click and by keyboard', async () => {
    const healthTab = page.getByRole('tab', { name: 'Unusual behaviour' });
    const riskTab = page.getByRole('tab', { name: 'Failure risk' });
    await riskTab.click();
    await page.getByRole('heading', { name: 'Risk ranking', level: 1 }).waitFor();
    expect(await riskTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('health-view').count()).toBe(0);
    // The failure risk of this plant is not its default, and the view says why.
    expect(await page.getByTestId('risk-not-default').innerText()).toMatch(
      /^This plant opens on Unusual behaviour\. .*no labelled failures on record/,
    );
    // Arrow keys move between the tabs and choose, as the tabs pattern has it.
    await riskTab.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('health-view').waitFor();
    expect(await healthTab.getAttribute('aria-selected')).toBe('true');
    expect(await healthTab.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toBe('#/risks/health');
  });

  it('opens a machine from its row and lists its unusual behaviour there', async () => {
    const table = page.getByRole('table', { name: 'Unusual behaviour ranking' });
    const first = table.getByTestId('health-row').first();
    const reasons = await first.getByTestId('health-reasons').innerText();
    // A click anywhere on the row, not only on the machine's link.
    await first.getByTestId('health-reasons').click();
    await page.getByRole('heading', { name: `Machine ${DRIFTING}` }).waitFor();
    const panel = page.getByTestId('machine-health');
    await panel.getByRole('table').waitFor();
    expect(await panel.innerText()).toContain(reasons);
    await app.shot('health-20-machine');
    await page.goBack();
    await page.getByTestId('health-view').waitFor();
  });

  it('prints exactly the figures on screen', async () => {
    // The rows chosen on screen are the rows printed: every level, one machine type.
    await page.getByLabel('Show').selectOption('all');
    await page.getByLabel('Type').selectOption('model1');
    await expect.poll(() => page.getByTestId('health-row').count()).toBe(18);
    const screenRows = await rowTexts(page, 'health-row', 'td');
    expect(screenRows.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Print unusual behaviour list…' }).click();
    const sheet = page.getByTestId('health-print-sheet');
    await sheet
      .getByRole('heading', { name: 'Unusual behaviour list (not failure risk)' })
      .waitFor();
    expect(await sheet.getByTestId('health-banner').innerText()).toContain('not a failure risk');
    expect(await sheet.locator('dl').innerText()).toContain('All machines · Type model1');
    const printed = await rowTexts(page, 'health-print-row', 'td');
    // Screen: rank, machine, type, component, score, level, reasons. Print: done, machine
    // · type, component, score + level, reasons, sign-off.
    expect(printed.map((r) => [r[1], r[2], r[3], r[4]])).toEqual(
      screenRows.map((r) => [`${r[1]} · ${r[2]}`, r[3], `${r[4]} ${r[5]}`, r[6]]),
    );
    await app.shot('health-30-print');

    // The CSV holds the same rows: machine, type, component, score, level, reasons.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('unusual-behaviour.csv');
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Machine,Type,Component,Score,Level,Reasons,Data as of');
    expect(lines).toHaveLength(screenRows.length + 1);
    const [machine, type, component, score, level] = lines[1].split(',');
    expect([machine, type, component, score, level]).toEqual(screenRows[0].slice(1, 6));
    expect(lines[1]).toContain(screenRows[0][6].split('\n')[0]);

    // The PDF Chromium prints holds the same figures: the first row's score and reason.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const file = join(SHOTS, 'health-print.pdf');
    writeFileSync(file, pdf);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();
      expect(text).toContain('Unusual behaviour list (not failure risk)');
      expect(text).toContain(screenRows[0][1]);
      const firstReason = screenRows[0][6].split('\n')[0];
      expect(text.replace(/\s+/g, ' ')).toContain(firstReason.slice(0, 30));
    }
    if (existsSync('/usr/bin/pdftoppm')) {
      execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', file, join(SHOTS, 'health-print')]);
    }
  }, 120_000);

  it('prints the unusual behaviour list from the sidebar of a plant never scored', async () => {
    await page.getByRole('link', { name: 'Print' }).click();
    await page
      .getByTestId('health-print-sheet')
      .getByRole('heading', { name: 'Unusual behaviour list (not failure risk)' })
      .waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/print');
  });

  it('saves the signal map and words a bad entry under its field', async () => {
    await page.getByRole('link', { name: 'Plant settings' }).click();
    const form = page.getByTestId('signal-map');
    await form.getByRole('heading', { name: 'Which signal watches which component' }).waitFor();
    await form.getByRole('button', { name: 'Add entry' }).click();
    await form.getByLabel('Sensor or error type, entry 1').fill('volt');
    await form.getByLabel('Component, entry 1').fill('comp1');
    await form.getByRole('button', { name: 'Save signal map' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Saved: 1 signals mapped.');

    await form.getByRole('button', { name: 'Add entry' }).click();
    await form.getByLabel('Sensor or error type, entry 2').fill('temperature');
    await form.getByLabel('Component, entry 2').fill('comp2');
    await form.getByRole('button', { name: 'Save signal map' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      "'temperature' is neither a sensor nor an error type of this plant (sensors: volt, rotate, pressure, vibration; error types: none).",
    );
    expect(
      await form.getByLabel('Sensor or error type, entry 2').getAttribute('aria-invalid'),
    ).toBe('true');
    await app.shot('health-40-signal-map');
    // Nothing of the refused map was kept: the saved map still has volt -> comp1 only.
    await page.reload();
    await form.getByLabel('Sensor or error type, entry 1').waitFor();
    expect(await form.getByTestId('signal-map-row').count()).toBe(1);
    expect(await form.getByLabel('Component, entry 1').inputValue()).toBe('comp1');

    // The drifting machine's voltage is now comp1's signal.
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    const first = page.getByTestId('health-row').first();
    await first.waitFor();
    const cells = await first.locator('td').allInnerTexts();
    expect(cells[1]).toBe(DRIFTING);
    expect(cells[3]).toBe('comp1');
  }, 120_000);

  it('has no serious accessibility issue', async () => {
    await page.getByTestId('health-view').waitFor();
    const vs = await seriousViolations(page);
    expect(vs, describeViolations(vs).join('\n')).toEqual([]);
    await page.getByRole('link', { name: 'Plant settings' }).click();
    await page.getByTestId('signal-map').waitFor();
    const vs2 = await seriousViolations(page);
    expect(vs2, describeViolations(vs2).join('\n')).toEqual([]);
    await page.goto(`${app.base}#/print/health`);
    await page.getByTestId('health-print-sheet').waitFor();
    const vs3 = await seriousViolations(page);
    expect(vs3, describeViolations(vs3).join('\n')).toEqual([]);
  }, 120_000);

  it('has no English sentence in Korean', async () => {
    await page.goto(`${app.base}#/risks/health`);
    await page.getByLabel('Language').selectOption('ko');
    const view = page.getByTestId('health-view');
    await view.getByRole('heading', { name: '이상 동작', level: 1 }).waitFor();
    await page.getByTestId('health-row').first().waitFor();
    const text = await page.locator('#main').innerText();
    // The plant's own names stay as the plant writes them; everything else is Korean.
    const words = text.replace(NAMES, '');
    expect(words.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    expect(await page.getByTestId('health-banner').innerText()).toContain('고장 위험이 아닙니다.');
    await app.shot('health-50-korean');
    await page.goto(`${app.base}#/print/health`);
    await page.getByTestId('health-print-sheet').waitFor();
    await page.getByTestId('health-print-row').first().waitFor();
    const sheet = await page.getByTestId('health-print-sheet').innerText();
    expect(sheet.replace(NAMES, '').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    await app.shot('health-60-korean-print');
    await page.getByLabel('언어').selectOption('en');
  }, 120_000);
});
