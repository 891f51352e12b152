/**
 * End to end on the browser build: the Model screen shows what a planner gets from the
 * list (precision and recall at the inspection budget per component, the
 * precision-recall curve, the reliability table before and after calibration), in
 * English and Korean; the inspection budget is set in Plant settings, a bad number
 * refused in words. Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';

describe.skipIf(!HAS_CHROMIUM)('planner metrics on the Model screen', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp({ timezoneId: 'UTC' });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows per component precision and recall at the budget, the curve and reliability', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Model' }).click();
    const planner = page.getByTestId('planner-metrics');
    const table = planner.getByRole('table', { name: 'What a planner gets from the list' });
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(
      expect.arrayContaining(['Precision at 10', 'Recall at 10', 'Average precision']),
    );
    const rows = table.getByRole('row');
    // a header row and one row per component of the demo plant
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const first = await rows.nth(1).innerText();
    expect(first).toMatch(/\d+ of \d+/);
    await planner.getByRole('img', { name: /Precision-recall curve per component/ }).waitFor();
    expect(await planner.locator('canvas').count()).toBeGreaterThan(0);
    const reliability = planner.getByRole('table', { name: 'Does a risk of 30 % mean 30 %?' });
    const rel = await reliability.getByRole('columnheader').allInnerTexts();
    expect(rel.map((h) => h.trim())).toEqual(
      expect.arrayContaining(['Predicted risk', 'Mean predicted', 'Calibrated: failed']),
    );
    expect(await reliability.getByRole('row').count()).toBe(11);
    await planner.scrollIntoViewIfNeeded();
    await app.shot('planner-metrics');
    expect(app.consoleErrors).toEqual([]);
  });

  it('sets the inspection budget in Plant settings and refuses a bad one', async () => {
    await page.getByRole('link', { name: 'Plant settings' }).click();
    const form = page.getByTestId('budget-settings');
    const field = form.getByLabel('Machines inspected a day');
    await expect.poll(() => field.inputValue()).toBe('10');
    await field.fill('0');
    await form.getByRole('button', { name: 'Save budget' }).click();
    await form.getByText('Enter a whole number of machines from 1 to 10000.').waitFor();
    await field.fill('4');
    await form.getByRole('button', { name: 'Save budget' }).click();
    await form.getByRole('status').getByText('Saved: 4 machines a day.').waitFor();
    await form.scrollIntoViewIfNeeded();
    await app.shot('planner-budget');
  });

  it('shows the planner view in Korean', async () => {
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('link', { name: '모델' }).click();
    const planner = page.getByTestId('planner-metrics');
    await planner.getByRole('table', { name: '정비 계획자가 목록에서 얻는 것' }).waitFor();
    const text = await planner.innerText();
    expect(text).toContain('상위 10 정밀도');
    expect(text).toContain('위험도 30 %는 정말 30 %일까?');
    expect(text).not.toMatch(/Precision|Recall|Never alarmed/);
    await planner.scrollIntoViewIfNeeded();
    await app.shot('ko-planner-metrics');
  });
});
