/**
 * End to end on the browser build, accessibility and language: every screen (Start,
 * ranking, machine, Import with a preview and a report, Explore's tabs, Model, Runs &
 * schedules with a run's history, Print, Plant settings) is checked by axe-core run
 * inside the page, and fails on any serious or critical violation, listed with its
 * elements. Then the same walk in Korean must show no English sentence from the
 * engines: import assumptions and reasons, slot reasons, alert banners, chart legends
 * are formatted from codes in the UI language. Screenshots go to test-results/e2e/.
 */
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

// axe-core's own source as a string, to run inside the page.
const AXE_SOURCE = axe.source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // Injected through the DevTools protocol, so the page's content security policy
  // (no inline scripts) does not stop it; a reload drops it, so check each time.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const inPage = (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    const r = await inPage.run({ resultTypes: ['violations'] });
    return r.violations as Violation[];
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(vs: Violation[]): string {
  return vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n'),
    )
    .join('\n');
}

/**
 * A log with a component column that says neither failure nor replacement, from `day`
 * of March 2015: detection reads it as replacements and leaves the readings out, and
 * says both.
 */
function componentLog(day: number): string {
  const d = `2015-03-${String(day).padStart(2, '0')}`;
  return [
    'datetime,machineID,volt,rotate,component',
    `${d} 00:00:00,1,170.1,420.5,comp1`,
    `${d} 01:00:00,1,171.3,418.2,comp1`,
    `${d} 00:00:00,2,165.0,430.1,comp2`,
    `${d} 01:00:00,2,166.2,431.0,comp2`,
  ].join('\n');
}

/**
 * Three daily readings of the demo's sensors for two new machines from `day` of March
 * 2015: the report says the 12 h step does not suit one reading a day. Same sensors as
 * the demo, so the model still scores the plant.
 */
function dailyReadings(day: number): string {
  const rows = ['datetime,machineID,volt,rotate,pressure,vibration'];
  for (const m of ['P-9', 'P-10']) {
    for (let k = 0; k < 3; k++) {
      const d = `2015-03-${String(day + k).padStart(2, '0')}`;
      rows.push(`${d} 00:00:00,${m},${170 + k},${420 + k},${100 + k},${40 + k}`);
    }
  }
  return rows.join('\n');
}

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text + '\n', 'utf8') };
}

/**
 * Runs of three or more English words in the visible text: an English sentence the
 * engines wrote. Korean sentences may name data (sensors, machines, files, columns),
 * which are single tokens here, and units or forms ("YYYY-MM-DD") which are not words.
 */
function englishRuns(text: string): string[] {
  const runs = text.match(/\b[A-Za-z][a-z']+(?:[ ,]+[A-Za-z][a-z']+){2,}/g) ?? [];
  // Settings the engines describe in English with lengths between the words.
  const settings = text.match(/\b(?:step|windows|horizon|every) \d+\s?[smhd]\b/g) ?? [];
  return [...new Set([...runs, ...settings])];
}

describe.skipIf(!HAS_CHROMIUM)('accessibility and Korean on every screen', () => {
  let app: WebApp;
  let page: Page;
  const checked: string[] = [];

  async function check(name: string) {
    const vs = await seriousViolations(page);
    checked.push(name);
    await app.shot(`a11y-${name}`);
    expect(vs, `${name}:\n${describeViolations(vs)}`).toEqual([]);
  }

  beforeAll(async () => {
    app = await startWebApp({ timezoneId: 'Europe/Berlin' });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('has a skip link to the main content', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).waitFor();
    await check('start');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((e) => e === document.activeElement)).toBe(true);
    await skip.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The router keeps its screen: the skip link does not change the address.
    expect(await page.evaluate(() => location.hash)).not.toBe('#main');
  });

  it('ranking screen', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await check('risks');
  }, 150_000);

  it('import preview and report', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page
      .getByTestId('import-files')
      .setInputFiles([csv('readings.csv', componentLog(1)), csv('daily.csv', dailyReadings(1))]);
    // Two files: both previews are open.
    await page.getByRole('table', { name: 'First rows of readings.csv' }).waitFor();
    await check('import-preview');
    await page.getByRole('button', { name: 'Import 2 file(s)' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await check('import-report');
  }, 90_000);

  it('machine and explore screens', async () => {
    await page.getByRole('link', { name: 'Risk ranking' }).click();
    await page
      .getByRole('table', { name: 'Component risk ranking' })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('table', { name: 'Replacements', exact: true }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await check('machine');
    await page.getByRole('link', { name: 'Explore' }).click();
    await page.getByRole('table', { name: 'Failures by component' }).waitFor();
    await check('explore-data');
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await page.locator('.chart canvas').first().waitFor();
    await check('explore-telemetry');
    await page.getByRole('tab', { name: 'Features' }).click();
    await page.getByRole('button', { name: 'Compute feature distributions' }).click();
    await page
      .getByRole('table', { name: 'Feature distributions by label' })
      .waitFor({ timeout: 60_000 });
    await check('explore-features');
  }, 150_000);

  it('model, print and settings screens', async () => {
    await page.getByRole('link', { name: 'Model' }).click();
    await page.getByRole('table', { name: 'Model versions' }).waitFor();
    await check('model');
    await page.getByRole('link', { name: 'Print' }).click();
    await page
      .getByTestId('print-sheet')
      .getByRole('heading', { name: 'Maintenance list' })
      .waitFor();
    await check('print');
    await page.getByRole('link', { name: 'Plant settings', exact: true }).click();
    await page.getByRole('button', { name: 'Save cadence' }).waitFor();
    await check('settings');
  });

  it('runs and schedules, with a run by hand in the history', async () => {
    await page.getByRole('link', { name: 'Runs & schedules' }).click();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('아침 점검');
    await form.getByLabel('When').selectOption('daily');
    await form.getByLabel('At (HH:MM)').fill('07:30');
    await form.getByRole('list', { name: 'Next 5 runs' }).waitFor();
    await check('schedule-form');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    // The name starts with the button's text, so speech input finds it by what it shows.
    const run = page.getByRole('button', { name: 'Run now: 아침 점검' });
    await run.waitFor();
    await run.click();
    const history = page.getByRole('table', { name: 'Schedule run history' });
    await history.locator('[data-outcome=ran]').first().waitFor({ timeout: 60_000 });
    await check('runs');
  }, 90_000);

  it('shows no English sentence from the engines in Korean', async () => {
    await page.getByLabel('Language').selectOption('ko');
    const seen: Record<string, string[]> = {};
    const look = async (name: string) => {
      const text = await page.locator('body').innerText();
      const runs = englishRuns(text);
      if (runs.length) seen[name] = runs;
      await app.shot(`ko-${name}`);
    };
    await page.getByRole('table', { name: '일정 실행 이력' }).waitFor();
    await look('runs');
    // The Import screen again, in Korean: new rows, so a preview and a report of their own.
    await page.getByRole('link', { name: '가져오기', exact: true }).click();
    await page
      .getByTestId('import-files')
      .setInputFiles([
        csv('readings-2.csv', componentLog(10)),
        csv('daily-2.csv', dailyReadings(10)),
      ]);
    await page.getByTestId('preview-assumptions').first().waitFor();
    await look('import-preview');
    await page.getByRole('button', { name: '파일 2개 가져오기' }).click();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await page.getByTestId('cadence-proposal').waitFor();
    await look('import-report');
    // A file refused whole (a header naming one column twice): its preview and its
    // report say why in Korean.
    const twice = csv('twice.csv', 'datetime,machineID,volt,volt\n2016-01-01 00:00:00,M1,1,2');
    await page.getByTestId('import-files').setInputFiles([twice]);
    await page.getByTestId('preview-refused').waitFor();
    await look('import-refused-preview');
    await page.getByRole('button', { name: '파일 1개 가져오기' }).click();
    const refused = page.getByTestId('import-refused');
    await refused.waitFor({ timeout: 60_000 });
    expect(await refused.innerText()).toContain("머리글에 'volt' 열 이름이 두 번 있습니다");
    await look('import-refused-report');
    await page.getByRole('link', { name: '위험 순위' }).click();
    await page.getByRole('table', { name: '부품 위험 순위' }).waitFor();
    await look('risks');
    await page.getByRole('table', { name: '부품 위험 순위' }).getByRole('link').first().click();
    await page.locator('.chart canvas').first().waitFor();
    await look('machine');
    await page.getByRole('link', { name: '데이터 탐색' }).click();
    await page.getByRole('tab').nth(1).click();
    await page.locator('.chart canvas').first().waitFor();
    await look('explore');
    await page.getByRole('link', { name: '모델' }).click();
    await page.getByRole('table').first().waitFor();
    await look('model');
    await page.getByRole('link', { name: '인쇄' }).click();
    await page.getByTestId('print-sheet').waitFor();
    await look('print');
    expect(seen).toEqual({});
    // Korean screens are checked by axe too (names, labels and headings in Korean).
    await check('korean-print');
    await page.getByLabel('언어').selectOption('en');
  }, 90_000);
});
