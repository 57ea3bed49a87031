import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

/** The OS package's Chromium (scripts/ci/chromium.sh installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Opens a generated report in headless Chromium with the network blocked, checks what it shows
 * and that the page logs no console error. With `DSPY_TS_SCREENSHOTS=<dir>` it also saves a
 * full-page screenshot `<dir>/<kind>-report.png` (how docs/reports/*.png are made).
 */
export async function checkReportInBrowser(
  file: string,
  kind: 'evaluation' | 'optimization',
  expected: { examples?: number; failures?: number; trials?: number },
): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: run scripts/ci/chromium.sh (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${resolve(file)}`);
    await expect(page.locator('h1').textContent()).resolves.toContain(
      kind === 'evaluation' ? 'Evaluation' : 'Optimization',
    );

    if (kind === 'evaluation') {
      await expect(page.locator('#rows tbody tr').count()).resolves.toBe(expected.examples);
      await expect(page.locator('.card.score .value').textContent()).resolves.toMatch(/%$/);
      await page.locator('#failures-only').check();
      await expect(page.locator('#rows tbody tr:visible').count()).resolves.toBe(expected.failures);
      await expect(page.locator('#shown').textContent()).resolves.toBe(`${expected.failures} shown`);
      await expect(page.locator('#rows tbody tr:visible td.score').allTextContents()).resolves.toEqual(
        Array(expected.failures).fill('0'),
      );
      await page.locator('#failures-only').uncheck();
    } else {
      await expect(page.locator('svg circle').count()).resolves.toBe(expected.trials);
      await expect(page.locator('#trials tbody tr').count()).resolves.toBe(expected.trials);
      await expect(page.locator('#phases tbody tr').count()).resolves.toBeGreaterThan(1);
      await expect(page.locator('.pred h3').first().textContent()).resolves.toBe('answer');
      await expect(page.locator('.demo').count()).resolves.toBeGreaterThan(0);
    }
    const shots = process.env.DSPY_TS_SCREENSHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `${kind}-report.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  } finally {
    await browser.close();
  }
}
