// The plugin's own tests, on the host's test kit: the host's `npm test` runs them with its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPlugins, startTestApp, USER_ERROR_FIELDS } from 'kam-graphql/testing';

let t;
beforeAll(async () => {
  t = await startTestApp({ plugins: await configuredPlugins() });
});
afterAll(() => t?.close());

describe('visit-log', () => {
  it('logs a visit with its event, and refuses an empty note', async () => {
    const created = await t.ok(`mutation { createAccount(input: { name: "Visited Valves", industry: INDUSTRIAL }) { account { id } } }`);
    const accountId = created.createAccount.account.id;
    const logged = await t.ok(`mutation($a: ID!) { logVisit(accountId: $a, note: "Plant tour") { visit { note } ${USER_ERROR_FIELDS} } }`, { a: accountId });
    expect(logged.logVisit).toEqual({ visit: { note: 'Plant tour' }, errors: [] });
    const empty = await t.ok(`mutation($a: ID!) { logVisit(accountId: $a, note: " ") { visit { note } errors { code path } } }`, { a: accountId });
    expect(empty.logVisit).toEqual({ visit: null, errors: [{ code: 'VALIDATION', path: ['note'] }] });
    expect((await t.ok(`query($a: ID!) { account(id: $a) { visitCount } }`, { a: accountId })).account.visitCount).toBe(1);
    expect(await t.db.prisma.outboxEvent.count({ where: { name: 'visit-log.visit.logged' } })).toBe(1);
  });
});
