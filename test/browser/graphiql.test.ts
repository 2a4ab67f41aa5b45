/**
 * GraphiQL and the landing page in a real Chromium with the network cut off
 * (every request to another host is aborted): GraphiQL renders from the
 * server's own page, a token typed into its Headers tab authenticates a
 * query, and a subscription receives a change made while it is open, over
 * server-sent events. Needs Chromium (see browser-support.ts).
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { CORE_VERSION } from '../../src/version.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { browserSuite, browserTestsEnabled, eventually, launchChromium, offlineContext } from './browser-support.js';

const CREATE_ACCOUNT = `mutation($name: String!) {
  createAccount(input: { name: $name, industry: INDUSTRIAL, employees: 420, annualSales: 65000000, totalAssets: 80000000, region: "Zhejiang", tier: KEY }) {
    account { id }
  }
}`;

/** Monaco renders spaces as no-break spaces and wraps long lines; compare text with whitespace collapsed. */
const collapsed = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Drives GraphiQL 5 (yoga's build): its editors are Monaco, found by the
 * accessible names GraphiQL gives their sections, and written as a user
 * would, with the keyboard.
 */
function graphiql(page: Page, blocked: readonly string[]) {
  const queryEditor = page.locator('section[aria-label="Operation Editor"] .monaco-editor');
  const headersEditor = page.locator('section[aria-label="Headers"] .graphiql-editor:not(.hidden) .monaco-editor');
  const resultPane = page.locator('section[aria-label="Result Window"]');

  async function replaceText(editor: Locator, text: string) {
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    // One insertion, not keystrokes: typed brackets would be closed a second time by the editor.
    await page.keyboard.insertText(text);
  }
  const textOf = async (editor: Locator) => collapsed(await editor.locator('.view-lines').innerText());
  /**
   * Writes the text, and writes it again while the editor shows something else: on a busy machine
   * GraphiQL may still be restoring its stored tab into the editor when the first write lands.
   */
  async function write(editor: Locator, text: string): Promise<string> {
    return eventually(
      async () => {
        if ((await textOf(editor)) !== collapsed(text)) await replaceText(editor, text);
        return textOf(editor);
      },
      (shown) => shown === collapsed(text),
      20,
    );
  }

  return {
    /** Fails with the requests that were cut off when GraphiQL does not come up. */
    async open(url: string) {
      await page.goto(url);
      await queryEditor.waitFor().catch((error: Error) => {
        throw new Error(`GraphiQL did not render (${error.message.split('\n')[0]}); requests to other hosts: ${JSON.stringify(blocked)}`);
      });
    },
    queryEditor,
    resultPane,
    async setHeaders(headers: Record<string, string>) {
      await page.getByRole('button', { name: 'Headers', exact: true }).click();
      expect(JSON.parse(await write(headersEditor, JSON.stringify(headers)))).toEqual(headers);
    },
    async setQuery(query: string) {
      expect(await write(queryEditor, query)).toBe(collapsed(query));
    },
    run: () => page.getByRole('button', { name: /^Execute query/ }).click(),
    /** The result pane's text once it contains `expected` (or its last text, for the assertion). */
    resultContaining: (expected: string) => eventually(() => textOf(resultPane), (text) => text.includes(expected)),
  };
}

/** Loading GraphiQL (about 9 MB, with Monaco) takes seconds on a busy machine; every wait is bounded by these. */
const PAGE_TIMEOUT_MS = 20_000;
const SUITE = { timeout: 90_000 };

describe.skipIf(!browserTestsEnabled)(browserSuite('GraphiQL and the landing page in Chromium, offline'), SUITE, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let blocked: string[];
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ config: { graphiql: true } });
    base = new URL(t.url).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    ({ context, blocked } = await offlineContext(browser));
    page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  });
  afterEach(async () => {
    await context?.close();
  });

  it('renders GraphiQL from the server alone; a token in the Headers tab authenticates a query', async () => {
    await t.ok(CREATE_ACCOUNT, { name: 'Ningbo Mould Co' });
    const ui = graphiql(page, blocked);
    await ui.open(`${base}/graphql`);
    // The page opens with instructions for the token.
    expect(collapsed(await ui.queryEditor.locator('.view-lines').innerText())).toContain('npm run -s token -- --level TOP');

    const query = '{ accounts { totalCount edges { node { name } } } }';
    await ui.setQuery(query);
    await ui.run();
    expect(await ui.resultContaining('UNAUTHENTICATED')).toContain('"code": "UNAUTHENTICATED"');

    await ui.setHeaders({ Authorization: `Bearer ${t.operator.token}` });
    await ui.run();
    const result = await ui.resultContaining('Ningbo Mould Co');
    expect(result).toContain('"totalCount": 1');
    expect(result).toContain('"name": "Ningbo Mould Co"');
    expect(blocked).toEqual([]);
  });

  it('delivers a subscription event to the result pane over server-sent events', async () => {
    const ui = graphiql(page, blocked);
    await ui.open(`${base}/graphql`);
    await ui.setHeaders({ Authorization: `Bearer ${t.operator.token}` });
    await ui.setQuery('subscription { accountChanged { change account { name } } }');
    const streamOpened = page.waitForResponse((response) => `${response.url()} ${response.request().postData()}`.includes('accountChanged'));
    await ui.run();
    // The server has subscribed once it answers; a change made after that reaches the page.
    const stream = await streamOpened;
    expect(stream.status()).toBe(200);
    expect(await stream.headerValue('content-type')).toMatch(/^text\/event-stream/);

    await t.ok(CREATE_ACCOUNT, { name: 'Xiamen Valve Works' });
    const event = await ui.resultContaining('Xiamen Valve Works');
    expect(event).toContain('"accountChanged": { "change": "CREATED", "account": { "name": "Xiamen Valve Works" } }');
    expect(blocked).toEqual([]);
  });

  it('shows a landing page linking GraphiQL, health, the schema and the docs, each of which answers', async () => {
    const landing = await page.goto(`${base}/`);
    expect(landing?.status()).toBe(200);
    expect(await page.title()).toBe('KAM GraphQL API');
    const text = collapsed(await page.locator('body').innerText());
    expect(text).toContain('Key-account management for small and medium enterprises');
    expect(text).toContain(`Version ${CORE_VERSION}.`);

    const hrefs = await Promise.all((await page.locator('a').all()).map((link) => link.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(['/graphql', '/health', '/ready', '/schema.graphql', '/docs/README.md', '/docs/domain.md', '/docs/security.md']));

    await page.getByRole('link', { name: 'The schema' }).click();
    await page.waitForURL(`${base}/schema.graphql`);
    expect(await page.locator('body').innerText()).toContain('type Account implements Node');

    await page.goBack();
    await page.getByRole('link', { name: 'domain.md' }).click();
    await page.waitForURL(`${base}/docs/domain.md`);
    expect(await page.locator('body').innerText()).toContain(readFileSync(new URL('../../docs/domain.md', import.meta.url), 'utf8').split('\n')[0]);

    // What the page's own scripts could ask for (the browser resolves `..` before sending; test/server covers raw paths).
    for (const path of ['/docs/../package.json', '/docs/..%2Fpackage.json', '/docs/%2e%2e/package.json']) {
      const answer = await page.evaluate(async (url) => {
        const response = await fetch(url);
        return { status: response.status, body: await response.text() };
      }, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body).not.toContain('kam-graphql');
    }
    expect(blocked).toEqual([]);
  });
});
