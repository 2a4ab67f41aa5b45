/**
 * CSRF prevention: requests a browser would send cross-site without a CORS
 * preflight (GETs and form or text POSTs without a custom header) are refused
 * before they are parsed; JSON POSTs and GETs with the header go through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { postJson } from './security-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const REFUSAL = {
  message:
    'Request refused as a possible cross-site request forgery: send a JSON POST (content-type: application/json), or add the header x-graphql-yoga-csrf.',
  extensions: { code: 'CSRF_CHECK_FAILED' },
};

async function send(init: RequestInit & { path?: string }) {
  const res = await fetch(`${t.url}${init.path ?? ''}`, init);
  return { status: res.status, body: (await res.json()) as any };
}

const typename = `?query=${encodeURIComponent('{ __typename }')}`;

describe('CSRF prevention', () => {
  it('serves JSON POSTs, with or without a token', async () => {
    for (const token of [null, t.operator.token]) {
      const res = await postJson(t.url, { query: '{ __typename }' }, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    }
    // application/graphql-response+json clients too
    const res = await postJson(t.url, { query: '{ __typename }' }, { headers: { accept: 'application/graphql-response+json' } });
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses simple requests: a GET without a custom header, form and text posts', async () => {
    const simple: (RequestInit & { path?: string })[] = [
      { method: 'GET', path: typename },
      { method: 'GET', path: typename, headers: { authorization: `Bearer ${t.operator.token}` } },
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent('{ __typename }')}` },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) },
      { method: 'POST', body: (() => { const form = new FormData(); form.set('operations', JSON.stringify({ query: '{ __typename }' })); return form; })() },
    ];
    for (const init of simple) {
      const res = await send(init);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: [REFUSAL] });
    }
  });

  it('serves a GET that carries the CSRF header (or Apollo\'s preflight header)', async () => {
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight']) {
      const res = await send({ method: 'GET', path: typename, headers: { [header]: '1' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('leaves liveness alone', async () => {
    const res = await fetch(t.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
  });
});
