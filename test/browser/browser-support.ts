/**
 * Shared by the real-browser suites: Chromium from the system package
 * (apt-get install -y chromium), driven by playwright-core. Without it the
 * suites are reported as skipped, so `npm test` still needs nothing but Node;
 * with TEST_BROWSER=1 (as CI runs) a missing Chromium fails them instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const browserRequired = process.env.TEST_BROWSER === '1';
export const browserTestsEnabled = browserRequired || existsSync(CHROMIUM_PATH);

/** The suite title, with the reason when it is skipped. */
export function browserSuite(title: string): string {
  return browserTestsEnabled
    ? title
    : `${title} [skipped: needs Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium); TEST_BROWSER=1 makes its absence a failure]`;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`TEST_BROWSER=1 asks for the browser tests, but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium.`);
  }
  // Playwright gives every launch a fresh temporary profile.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A browser context that behaves as if offline: every request to another
 * host is aborted and recorded in `blocked`, so a page that still works did
 * not need the network.
 */
export async function offlineContext(browser: Browser): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext();
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && LOCAL_HOSTS.has(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort('internetdisconnected');
  });
  return { context, blocked };
}

/** Reads until `done` holds, a bounded number of times; answers the last reading either way, for the test's assertion. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 200): Promise<T> {
  let value = await read();
  for (let i = 1; i < attempts && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
