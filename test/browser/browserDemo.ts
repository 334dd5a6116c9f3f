import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../demo/startDemo';

/**
 * What every browser test file shares: Debian's chromium (skipped locally with an install hint
 * when it is missing, a failure when CI is set), one launch per file, and the demo in-process.
 */

const CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = `chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium fonts-noto-color-emoji\``;
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${INSTALL_HINT} (required when CI is set)`);
if (!available) process.stderr.write(`Skipping the browser test: ${INSTALL_HINT}\n`);

export const describeWithBrowser = available ? describe : describe.skip;

export interface BrowserDemo {
  demo: Demo;
  browser: Browser;
  page: Page;
  /** The bot's JSON log lines. */
  logs: string[];
}

export async function openDemoInBrowser(): Promise<BrowserDemo> {
  const logs: string[] = [];
  const demo = await startDemo({ logSink: (line) => logs.push(line) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, timezoneId: 'Europe/Berlin' });
  await page.goto(demo.url);
  return { demo, browser, page, logs };
}

export async function closeDemo(opened: BrowserDemo | undefined): Promise<void> {
  await opened?.browser.close();
  await opened?.demo.stop();
}

/** Types a line into the message box and presses Enter, as a person does. */
export async function send(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}
