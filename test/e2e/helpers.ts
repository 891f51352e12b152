/**
 * Shared set-up of the browser e2e files: vite builds the app into a temporary folder,
 * vite's preview serves it on 127.0.0.1, and Debian's Chromium (through playwright-core)
 * opens it in one context (so the origin-private file system persists across reloads).
 * Console errors, page errors and requests leaving the server are collected, and
 * screenshots go to test-results/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/shared';

export const CHROMIUM = process.env.PDM_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = join(REPO_ROOT, 'test-results', 'e2e');

export interface WebApp {
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  /** Full-page screenshot to test-results/e2e/<name>.png. */
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** IANA zone of the browser (default: the host's). */
  timezoneId?: string;
  locale?: string;
}

/** Builds, serves and opens the browser build. Call close() in afterAll. */
export async function startWebApp(opts: WebAppOptions = {}): Promise<WebApp> {
  if (!HAS_CHROMIUM) console.warn(`[e2e] ${CHROMIUM} not found: browser tests are SKIPPED.`);
  mkdirSync(SHOTS, { recursive: true });
  const outDir = mkdtempSync(join(tmpdir(), 'pdm-web-'));
  const vite = await import('vite');
  const configFile = join(REPO_ROOT, 'vite.config.ts');
  await vite.build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const preview = await vite.preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const base = preview.resolvedUrls!.local[0];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: opts.locale ?? 'en-GB',
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'))
      foreignRequests.push(u);
  });
  await page.goto(base);
  return {
    base,
    browser,
    context,
    page,
    consoleErrors,
    foreignRequests,
    shot: (name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await preview.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
