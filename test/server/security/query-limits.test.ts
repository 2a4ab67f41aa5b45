/**
 * Query limits (graphql-armor, and the cost estimated with the request's
 * variables) refuse abusive documents at parse/validation, before anything
 * executes and whoever sends them, over HTTP and over
 * websockets, each with its own code; the README's examples and a natural
 * dashboard page stay inside the defaults.
 */
import { readFileSync } from 'node:fs';
import { Lexer, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { loadConfig } from '../../../src/config.js';
import { QUERY_LIMIT_CODES } from '../../../src/server/security/query-limits.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { codesOf, postJson, runOverWs, trySubscribe, wsClient } from './security-support.js';

const LIMIT_CODES: string[] = Object.values(QUERY_LIMIT_CODES);

// Real fields throughout, so that the limit is the only thing wrong with a refused query.
/** Depth 4 + levels: people > edges > node > reportsTo × levels > id. */
const deep = (levels: number) => `{ people { edges { node { ${'reportsTo { '.repeat(levels)}id${' }'.repeat(levels)} } } } }`;
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: accounts(first: 1) { totalCount }`).join(' ')} }`;
/**
 * Exactly n tokens, most of them in a variable's default list; sent with the
 * variable set to null, so the query itself stays trivial.
 */
function tokens(n: number) {
  const query = (values: number) => `query($i: [Industry!] = [${'RETAIL '.repeat(values)}]) { accounts(filter: { industries: $i }) { totalCount } }`;
  return { query: query(n - countTokens(query(0))), variables: { i: null } };
}
function countTokens(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}
/** n directives, each on an inline fragment of its own (so no field repeats within a selection set). */
const directives = (n: number) => `{ ${'... @skip(if: false) { __typename } '.repeat(n)}}`;
const repeated = (n: number) => `{ ${'__typename '.repeat(n)}}`;
const aliasedTypenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
const costly = '{ accounts(first: 100) { edges { node { people(first: 100) { edges { node { id name } } } } } } }';
/** The same shape as `costly`, with the page sizes in variables. */
const paged = (first: number) => ({
  query: 'query Paged($first: Int) { accounts(first: $first) { edges { node { people(first: $first) { edges { node { id name } } } } } } }',
  variables: { first },
});
/** 4 fragments, each spreading the next eleven times: 11^4 selections from about 150 tokens, within the depth limit. */
const fragmentBomb = [
  '{ ...F0 }',
  ...Array.from({ length: 4 }, (_, i) => `fragment F${i} on Query { __typename${` ...F${i + 1}`.repeat(11)} }`),
  'fragment F4 on Query { __typename }',
].join('\n');

const DASHBOARD = `{
  accounts(first: 20, filter: { tier: KEY }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
    id name tier region annualSales enterpriseSize
    people(first: 10) { totalCount edges { node { id name decisionRole reportsTo { id name } } } }
    teamMembers { responsibility isLiaison staff { id name level tenureMonths } }
    health { score level shortestStaves { id label } staves { id score factors { key score weight reason suggestedAction } } }
    healthHistory(first: 3) { edges { node { score level cause computedAt } } }
  } } }
  portfolioHealth(filter: { tier: KEY }) { total notComputed byLevel { level count } byShortestStave { stave count } }
}`;

let t: TestApp;
let ws: Client;
beforeAll(async () => {
  t = await startTestApp();
  // A token of an hour: the API closes a socket when its token expires.
  ws = wsClient(t.wsUrl, await t.tokenFor(t.operator.id));
});
afterAll(async () => {
  await ws?.dispose();
  await t?.close();
});

describe('query limits over HTTP', () => {
  it.each([
    ['depth', { query: deep(9) }, 'QUERY_TOO_DEEP', 'Query depth limit of 12 exceeded, found 13.'],
    ['cost', { query: costly }, 'QUERY_TOO_COMPLEX', /^Query cost limit of 25000 exceeded, found \d+\.$/],
    ['cost, with page sizes passed as variables', paged(100), 'QUERY_TOO_COMPLEX', /^Query cost limit of 25000 exceeded, found \d+\.$/],
    ['cost, through fragments that expand too far', { query: fragmentBomb }, 'QUERY_TOO_COMPLEX', 'Query cost limit of 25000 exceeded, its fragments expand too far.'],
    ['aliases', { query: aliased(16) }, 'TOO_MANY_ALIASES', 'Aliases limit of 15 exceeded, found 16.'],
    ['tokens', tokens(2001), 'TOO_MANY_TOKENS', 'Token limit of 2000 exceeded.'],
    ['directives', { query: directives(21) }, 'TOO_MANY_DIRECTIVES', 'Directives limit of 20 exceeded, found 21.'],
    ['aliases, __typename included', { query: aliasedTypenames(101) }, 'TOO_MANY_ALIASES', 'Aliases limit of 15 exceeded, found 101.'],
    ['repeated fields', { query: repeated(500) }, 'TOO_MANY_REPEATED_FIELDS', 'Repeated fields limit of 3 exceeded: "__typename" is selected more than 3 times in one selection set.'],
  ])('refuses a query over the %s limit before executing it, with or without a token', async (_limit, payload, code, message) => {
    for (const token of [null, t.operator.token]) {
      t.statements.length = 0;
      const res = await postJson(t.url, payload, { token });
      // Nothing was resolved: no statement read an account (the dispatcher's own polling may run meanwhile).
      expect(t.statements.filter((sql) => /[`"]Account[`"]/.test(sql))).toEqual([]);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]!.extensions).toEqual({ code });
      expect(res.body.errors![0]!.message).toMatch(message);
      // Refused documents never execute: no `data` at all, not even null.
      expect(res.body).not.toHaveProperty('data');
    }
  });

  it('estimates the cost with the request\'s variables, for each request anew', async () => {
    for (const [first, refused] of [[1, false], [100, true], [10, false], [100, true]] as const) {
      const res = await postJson(t.url, paged(first), { token: t.operator.token });
      expect(codesOf(res.body).includes('QUERY_TOO_COMPLEX')).toBe(refused);
      expect(res.body.data === undefined).toBe(refused);
    }
  });

  it('lets queries right at the limits through', async () => {
    for (const payload of [{ query: deep(8) }, { query: aliased(15) }, tokens(2000), { query: directives(20) }, { query: repeated(3) }]) {
      const res = await postJson(t.url, payload, { token: t.operator.token });
      expect(codesOf(res.body).filter((c) => LIMIT_CODES.includes(c))).toEqual([]);
      expect(res.body).toHaveProperty('data');
    }
  });

  it('keeps the README examples and a dashboard page well inside the defaults', async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const curlQueries = [...readme.matchAll(/-d '\{"query":"(.*?)"\}'/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
    expect(examples.length + curlQueries.length).toBeGreaterThanOrEqual(5);
    for (const query of [...examples, ...curlQueries, DASHBOARD]) {
      if (query.trimStart().startsWith('subscription')) {
        const outcome = await trySubscribe(ws, query);
        expect(outcome.errors).toEqual([]);
        expect(outcome.accepted).toBe(true);
        continue;
      }
      const res = await postJson(t.url, { query }, { token: t.operator.token });
      // Limits are checked at validation: whatever happens later (an example may need variables), none refused it.
      expect(codesOf(res.body).filter((c) => LIMIT_CODES.includes(c))).toEqual([]);
      if (query === DASHBOARD) expect(res.body.errors).toBeUndefined();
    }
  });

  it('hides "Did you mean" suggestions for fields, enum values and variables', async () => {
    const cases = [
      [{ query: '{ acounts { totalCount } }' }, 'Cannot query field "acounts" on type "Query".'],
      [{ query: '{ accounts(filter: { tier: KEYY }) { totalCount } }' }, 'Value "KEYY" does not exist in "AccountTier" enum.'],
      [
        { query: 'query($t: AccountTier) { accounts(filter: { tier: $t }) { totalCount } }', variables: { t: 'KEYY' } },
        'Variable "$t" got invalid value "KEYY"; Value "KEYY" does not exist in "AccountTier" enum.',
      ],
    ] as const;
    for (const [payload, message] of cases) {
      const res = await postJson(t.url, payload, { token: t.operator.token });
      expect(res.body.errors?.map((e) => e.message)).toEqual([message]);
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean|"(accounts|KEY)"/i);
    }
  });
});

describe('query limits over websockets', () => {
  it('refuses the same documents with the same codes, whether parsed (tokens) or validated', async () => {
    const cases = [
      [`subscription { accountChanged { account { people { edges { node { ${'reportsTo { '.repeat(7)}id${' }'.repeat(7)} } } } } } }`, 'QUERY_TOO_DEEP'],
      [costly, 'QUERY_TOO_COMPLEX'],
      [fragmentBomb, 'QUERY_TOO_COMPLEX'],
      [aliased(16), 'TOO_MANY_ALIASES'],
      [tokens(2001).query, 'TOO_MANY_TOKENS'],
      [directives(21), 'TOO_MANY_DIRECTIVES'],
    ] as const;
    for (const [query, code] of cases) {
      const outcome = await runOverWs(ws, query, { i: null });
      expect(outcome.results).toEqual([]);
      expect(outcome.errors.map((e) => e.extensions?.code)).toEqual([code]);
    }
  });

  it('estimates the cost with the operation\'s variables there too', async () => {
    const { query } = paged(100);
    expect((await runOverWs(ws, query, { first: 100 })).errors.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    const fine = await runOverWs(ws, query, { first: 2 });
    expect(fine.errors).toEqual([]);
    expect(fine.results).toHaveLength(1);
  });

  it('hides suggestions there too, and lets a query at the limits run', async () => {
    const refused = await runOverWs(ws, 'subscription { acountChanged { change } }');
    expect(refused.errors.map((e) => e.message)).toEqual(['Cannot query field "acountChanged" on type "Subscription".']);
    const fine = await runOverWs(ws, directives(20));
    expect(fine.errors).toEqual([]);
    expect(fine.results).toEqual([{ data: { __typename: 'Query' } }]);
  });
});

describe('configuring the limits', () => {
  it('reads them from the environment', () => {
    const config = loadConfig({ QUERY_MAX_DEPTH: '5', QUERY_MAX_COST: '900', QUERY_MAX_ALIASES: '2', QUERY_MAX_TOKENS: '300', QUERY_MAX_DIRECTIVES: '1', QUERY_MAX_REPEATED_FIELDS: '2' });
    expect(config.security.queryLimits).toEqual({ maxDepth: 5, maxCost: 900, maxAliases: 2, maxTokens: 300, maxDirectives: 1, maxRepeatedFields: 2 });
    expect(loadConfig({}).security.queryLimits).toEqual({ maxDepth: 12, maxCost: 25_000, maxAliases: 15, maxTokens: 2000, maxDirectives: 20, maxRepeatedFields: 3 });
    expect(() => loadConfig({ QUERY_MAX_DEPTH: 'deep' })).toThrow(/QUERY_MAX_DEPTH/);
  });

  it('applies what the app is given', async () => {
    const strict = await startTestApp({ config: { security: { queryLimits: { maxDepth: 3, maxAliases: 1 } } } });
    try {
      const deepRes = await postJson(strict.url, { query: '{ accounts { edges { node { id } } } }' });
      expect(deepRes.body.errors).toEqual([{ message: 'Query depth limit of 3 exceeded, found 4.', extensions: { code: 'QUERY_TOO_DEEP' } }]);
      const aliasRes = await postJson(strict.url, { query: aliased(2) });
      expect(codesOf(aliasRes.body)).toEqual(['TOO_MANY_ALIASES']);
      // The cost limit is inclusive: an operation costing exactly the limit runs, one more is refused.
      const exact = await startTestApp({ config: { security: { queryLimits: { maxCost: 61 } } } });
      try {
        const twenty = '{ accounts { edges { node { id } } } }'; // 1 + 20 × (edges 1 + node 1 + id 1)
        expect((await postJson(exact.url, { query: twenty }, { token: exact.operator.token })).body.errors).toBeUndefined();
        const more = await postJson(exact.url, { query: '{ accounts { edges { node { id name } } } }' }, { token: exact.operator.token });
        expect(more.body.errors).toEqual([{ message: 'Query cost limit of 61 exceeded, found 81.', extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
      } finally {
        await exact.close();
      }
      // The other limits keep their defaults.
      const tokenRes = await postJson(strict.url, tokens(1500), { token: strict.operator.token });
      expect(tokenRes.body.errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});
