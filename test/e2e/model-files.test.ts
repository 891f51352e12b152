/**
 * End to end on the browser build: a model is exported as a file (a download) and
 * imported again (a file input), not active; a damaged file and a model built on other
 * features are refused in words; a newly trained model that scores worse than the
 * active one on the same test range is not activated, and the user chooses with both
 * figures side by side. Screenshots go to test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, startWebApp, type WebApp } from './helpers';
import { BASE, storeWith } from '../unit/features/fixtures';
import { DAY, HOUR } from '../../workers/shared/time';
import { trainModel } from '../../workers/model/train-model';
import { getModel, modelToFile } from '../../workers/model/model-store';

/** A model file of another plant: two sensors named unlike the demo plant's. */
async function foreignModel(): Promise<string> {
  const telemetry: (number | null)[][] = [];
  const failures: [number, number, string][] = [];
  for (let m = 1; m <= 2; m++) {
    for (let d = 3 + m; d < 30; d += 9) failures.push([m, BASE + d * DAY, 'bearing']);
    for (let h = 0; h < 30 * 24; h++) telemetry.push([m, BASE + h * HOUR, 50 + (h % 9), 3]);
  }
  const store = await storeWith({
    sensors: ['flow', 'temperature'],
    telemetry,
    errors: [],
    maint: [],
    failures,
    machines: [
      [1, 'pump', 2],
      [2, 'pump', 4],
    ],
  });
  const { modelId } = await trainModel(store, {
    trainTo: BASE + 20 * DAY,
    params: { nTrees: 2, maxDepth: 3 },
  });
  return modelToFile(getModel(store, modelId));
}

describe.skipIf(!HAS_CHROMIUM)('model files and the activation choice', () => {
  let app: WebApp;
  let page: Page;
  const versions = () => page.getByRole('table', { name: 'Model versions' });
  const row = (id: number) =>
    versions()
      .getByRole('row')
      .filter({ hasText: `#${id}` });
  const importFile = (name: string, text: string) =>
    page.getByTestId('model-import-file').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(text, 'utf8'),
    });

  beforeAll(async () => {
    app = await startWebApp({ timezoneId: 'UTC' });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('exports a model as a download and imports it again, not active', async () => {
    await page.getByRole('button', { name: 'Open demo plant' }).click();
    await page.getByRole('table', { name: 'Component risk ranking' }).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Model' }).click();
    await row(1).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export model #1 as a file' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^plant-model-1-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const file = JSON.parse(text);
    expect([file.format, file.version, file.learner]).toEqual(['pdm-model', 3, 'forest']);
    await page.getByRole('status').filter({ hasText: 'Model #1 exported as' }).waitFor();

    await importFile(download.suggestedFilename(), text);
    await page.getByTestId('model-imported').waitFor();
    expect(await page.getByTestId('model-imported').innerText()).toBe(
      `Model #2 imported from ${download.suggestedFilename()}. It is not active: activate it to score with it.`,
    );
    await row(2).waitFor();
    expect(await row(2).getByText('Active', { exact: true }).count()).toBe(0);
    expect(await row(1).getByText('Active', { exact: true }).count()).toBe(1);
    await app.shot('model-files-imported');

    // Damaged on the way: refused in words, nothing stored.
    await importFile('damaged.json', text.replace(/"trainRows":\d+/, '"trainRows":1'));
    const refused = page.getByTestId('model-import-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain(
      'damaged.json was not imported. It was damaged or edited after it was exported',
    );
    await importFile('notes.json', '{"hello": 1}');
    await expect
      .poll(() => refused.innerText())
      .toContain('notes.json was not imported. It is not a model file');
    expect(await versions().getByRole('row').count()).toBe(3); // header + #1 + #2
  }, 200_000);

  it('refuses a model built on other features, naming them', async () => {
    await importFile('other-plant.json', await foreignModel());
    const refused = page.getByTestId('model-import-refused');
    await expect
      .poll(() => refused.innerText())
      .toContain('other-plant.json was not imported. It was built on other features');
    const words = await refused.innerText();
    expect(words).toMatch(/The model needs, the plant lacks: .*flow_mean_12/);
    expect(words).toMatch(/The plant has, the model lacks: .*volt_mean_12/);
    await app.shot('model-files-feature-mismatch');
  }, 60_000);

  it('asks before a worse new model replaces the active one', async () => {
    await page.getByLabel('Trees').fill('1');
    await page.getByLabel('Max depth').fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const choice = page.getByTestId('model-choice');
    await choice.waitFor({ timeout: 120_000 });
    expect(await choice.getByRole('heading').innerText()).toBe(
      'Model #3 scores worse than the active model #1',
    );
    const table = choice.getByRole('table');
    const headers = await table.getByRole('columnheader').allInnerTexts();
    expect(headers).toEqual(['On the same test range', 'Active model #1', 'New model #3']);
    const cells = await table.getByRole('row').allInnerTexts();
    expect(cells[1]).toMatch(/^Macro-F1\s+0\.\d{3}\s+0\.\d{3}$/);
    expect(cells[2]).toMatch(/^Any-failure recall\s+[\d.]+%\s+[\d.]+%$/);
    expect(await row(1).getByText('Active', { exact: true }).count()).toBe(1);
    expect(await row(3).getByText('Active', { exact: true }).count()).toBe(0);
    await app.shot('model-choice');

    await choice.getByRole('button', { name: 'Keep model #1' }).click();
    await page
      .getByTestId('model-choice-answer')
      .filter({ hasText: 'Model #1 stays active; model #3 stays in the list.' })
      .waitFor();
    expect(await row(1).getByText('Active', { exact: true }).count()).toBe(1);

    // Asked again, the user takes the new one.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await choice.waitFor({ timeout: 120_000 });
    await choice.getByRole('button', { name: 'Use model #4' }).click();
    await page
      .getByTestId('model-choice-answer')
      .filter({ hasText: 'Model #4 is now active.' })
      .waitFor();
    await expect.poll(() => row(4).getByText('Active', { exact: true }).count()).toBe(1);
    expect(app.consoleErrors).toEqual([]);
  }, 300_000);
});
