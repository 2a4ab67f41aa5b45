/**
 * The GraphiQL page carries its own assets, so it works with no network;
 * GraphiQL is served only when the configuration turns it on. (The browser
 * test, test/browser/graphiql.test.ts, drives the page itself.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const asBrowser = { headers: { accept: 'text/html,application/xhtml+xml' } };

describe('with GraphiQL on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { graphiql: true } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a page that loads nothing from elsewhere: scripts, styles, editor workers and icon are inline', async () => {
    const res = await fetch(t.url, asBrowser);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    // Assertions on parts, not the page: it is about 9 MB.
    expect(html.includes('<title>KAM GraphiQL</title>')).toBe(true);
    expect(html.includes('YogaGraphiQL.renderYogaGraphiQL')).toBe(true);
    // Yoga's default page points <script src> and <link href> at a CDN; this one's only reference is its inline icon.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
    const references = [...markup.matchAll(/\b(?:src|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)].map((match) => match[1]!.replace(/^["']/, '').slice(0, 22));
    expect(references).toEqual(['data:image/x-icon;base']);
    expect(/https?:\/\/(unpkg\.com|cdn\.jsdelivr\.net|raw\.githubusercontent\.com)/.test(html)).toBe(false);
  });

  it('opens on the Headers tab with instructions for the token, and sends subscriptions over server-sent events as JSON POSTs', async () => {
    const html = await (await fetch(t.url, asBrowser)).text();
    const options = /YogaGraphiQL\.renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(html)?.[1];
    expect(JSON.parse(options!)).toEqual(
      expect.objectContaining({
        subscriptionsProtocol: 'SSE',
        method: 'POST',
        defaultEditorToolsVisibility: 'headers',
        defaultQuery: expect.stringContaining('npm run -s token -- --level TOP'),
      }),
    );
  });
});

describe('with GraphiQL off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { graphiql: false } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves no GraphiQL page', async () => {
    const res = await fetch(t.url, asBrowser);
    expect(await res.text()).not.toContain('GraphiQL');
  });
});
