/**
 * Introspection is switchable (INTROSPECTION; off by default in production,
 * like GraphiQL): when off, `__schema` and `__type` fail validation over HTTP
 * and over websockets alike, and `__typename` still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { loadConfig } from '../../../src/config.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { postJson, runOverWs, wsClient } from './security-support.js';

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Account") { name } }';

/** graphql-js names the introspection field, then each field selected under it. */
function expectRefused(errors: { message: string; extensions?: Record<string, any> }[] | undefined, field: string) {
  expect(errors?.[0]?.message).toBe(`GraphQL introspection has been disabled, but the requested query contained the field "${field}".`);
  expect(errors?.map((e) => e.extensions?.code)).toEqual(errors?.map(() => 'GRAPHQL_VALIDATION_FAILED'));
}

describe('with introspection off', () => {
  let t: TestApp;
  let ws: Client;
  beforeAll(async () => {
    t = await startTestApp({ config: { security: { introspection: false } } });
    ws = wsClient(t.wsUrl, await t.tokenFor(t.operator.id));
  });
  afterAll(async () => {
    await ws?.dispose();
    await t?.close();
  });

  it('refuses __schema and __type over HTTP, whoever asks, and still answers __typename', async () => {
    for (const token of [null, t.operator.token]) {
      for (const [query, field] of [[SCHEMA, '__schema'], [TYPE, '__type']] as const) {
        const res = await postJson(t.url, { query }, { token });
        expectRefused(res.body.errors, field);
        expect(res.body).not.toHaveProperty('data');
      }
      expect((await postJson(t.url, { query: '{ __typename }' }, { token })).body).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('refuses them over websockets too', async () => {
    for (const [query, field] of [[SCHEMA, '__schema'], [TYPE, '__type']] as const) {
      const outcome = await runOverWs(ws, query);
      expect(outcome.results).toEqual([]);
      expectRefused(outcome.errors, field);
    }
    expect((await runOverWs(ws, '{ __typename }')).results).toEqual([{ data: { __typename: 'Query' } }]);
  });
});

describe('with introspection on', () => {
  let t: TestApp;
  let ws: Client;
  beforeAll(async () => {
    t = await startTestApp({ config: { security: { introspection: true } } });
    ws = wsClient(t.wsUrl, await t.tokenFor(t.operator.id));
  });
  afterAll(async () => {
    await ws?.dispose();
    await t?.close();
  });

  it('answers __schema and __type over HTTP and websockets', async () => {
    expect((await postJson(t.url, { query: SCHEMA })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await postJson(t.url, { query: TYPE })).body).toEqual({ data: { __type: { name: 'Account' } } });
    expect((await runOverWs(ws, SCHEMA)).results).toEqual([{ data: { __schema: { queryType: { name: 'Query' } } } }]);
  });
});

describe('configuration', () => {
  it('turns introspection and GraphiQL off in production unless asked', () => {
    const pick = (env: NodeJS.ProcessEnv) => {
      const config = loadConfig(env);
      return { introspection: config.security.introspection, graphiql: config.graphiql };
    };
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(pick({})).toEqual({ introspection: true, graphiql: true });
    expect(pick({ NODE_ENV: 'production', ...secret })).toEqual({ introspection: false, graphiql: false });
    expect(pick({ NODE_ENV: 'production', INTROSPECTION: 'true', GRAPHIQL: 'true', ...secret })).toEqual({ introspection: true, graphiql: true });
    expect(pick({ INTROSPECTION: 'false' })).toEqual({ introspection: false, graphiql: true });
    expect(() => loadConfig({ INTROSPECTION: 'yes' })).toThrow(/INTROSPECTION/);
  });
});
