/**
 * An argument never tells a hidden record from a missing one. For every ID
 * argument or input field of every root field, and every cursor argument of
 * every connection (core and the configured plugins; the schema is walked,
 * so a new one without a probe fails the coverage test), a frontline member
 * and a middle manager get exactly the same answer (ids blanked) for a
 * record outside their reach as for one that does not exist, and nothing is
 * written either way.
 */
import { getNamedType, isInputObjectType, isObjectType, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveCursorSecret } from '../../src/auth/signing-secret.js';
import { createCursorCodec } from '../../src/schema/connections/cursor-codec.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { probeAccount, type ReferenceCall } from '../support/access-probes.js';
import { createStaff } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { startTestApp, TEST_AUTH, type TestApp } from '../support/test-app.js';
import { probeModules } from './probe-modules.js';

const suite = await probeModules();
const REFERENCE_PROBES = suite.references;
const CURSOR_PROBES = suite.cursors;
const signer = createCursorCodec(deriveCursorSecret(TEST_AUTH.jwtSecret));

/** Every argument that names a record: ID-typed arguments and input fields of root fields, and connection cursors. */
function referenceArguments(schema: GraphQLSchema): { ids: string[]; cursors: string[] } {
  const ids: string[] = [];
  const idPaths = (input: GraphQLInputObjectType, prefix: string, seen: Set<string>): string[] => {
    if (seen.has(input.name)) return [];
    seen.add(input.name);
    return Object.values(input.getFields()).flatMap((field) => {
      const type = getNamedType(field.type);
      if (type.name === 'ID') return [`${prefix}.${field.name}`];
      return isInputObjectType(type) ? idPaths(type, `${prefix}.${field.name}`, seen) : [];
    });
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        const type = getNamedType(arg.type);
        const paths = type.name === 'ID' ? [arg.name] : isInputObjectType(type) ? idPaths(type, arg.name, new Set()) : [];
        ids.push(...paths.map((path) => `${root!.name}.${field.name}(${path})`));
      }
    }
  }
  const cursors: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type);
      const connection = isObjectType(returned) && 'edges' in returned.getFields() && 'pageInfo' in returned.getFields();
      if (!connection) continue;
      for (const name of ['after', 'before']) if (field.args.some((a) => a.name === name)) cursors.push(`${type.name}.${field.name}(${name})`);
    }
  }
  return { ids, cursors };
}

/** The response with every form (global and raw) of the given ids replaced by "<id>". */
function blankIds(response: unknown, ids: string[]): unknown {
  let text = JSON.stringify(response);
  // Short raw ids (a delivery's number) would match unrelated digits; their global form is always blanked.
  for (const id of ids) for (const form of [id, rawId(id)].filter((f) => f.length >= 8)) text = text.split(form).join('<id>');
  return JSON.parse(text);
}

/** A cursor at the same position as `cursor`, of a record that does not exist (its unique key nudged). */
function missingCursor(scope: string, cursor: string): string {
  const [payload] = cursor.split('.') as [string];
  const [, ...encoded] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [number, ...[string, unknown][]];
  const values = encoded.map(([tag, value]) => (tag === 'd' ? new Date(value as string) : tag === 'z' ? null : value)) as (string | number | null | Date)[];
  const last = values.at(-1);
  values[values.length - 1] = typeof last === 'number' ? last + 0.5 : `${String(last)}0`;
  return signer.encode(scope, values);
}

let t: TestApp;
const tokens: Record<'FRONTLINE' | 'MIDDLE', string> = { FRONTLINE: '', MIDDLE: '' };
const visible: Record<string, string> = {};
const hidden: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ plugins: suite.plugins });
  const frontline = await createStaff(t, { level: 'FRONTLINE', department: 'Service East', hireDate: '2010-01-01T00:00:00.000Z' });
  const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales North', hireDate: '2010-01-01T00:00:00.000Z' });
  const stranger = await createStaff(t, { level: 'FRONTLINE', department: 'Service West', hireDate: '2010-01-01T00:00:00.000Z' });
  const newcomer = await createStaff(t, { level: 'FRONTLINE', department: 'Service East', hireDate: '2010-01-01T00:00:00.000Z' });
  tokens.FRONTLINE = await t.tokenFor(rawId(frontline));
  tokens.MIDDLE = await t.tokenFor(rawId(middle));

  const records = async (label: string, team: { staffId: string; responsibility: string }[]) => {
    const account = await probeAccount(t, label, team, suite.modules);
    // An export (a logged read), so the sensitive-read log has an entry of this person.
    await t.ok(`mutation($p: ID!) { exportPersonalData(personId: $p) { errors { code } } }`, { p: account.personId });
    return account.records;
  };
  Object.assign(visible, await records('Visible Vessels', [
    { staffId: frontline, responsibility: 'SERVICE' },
    { staffId: middle, responsibility: 'SALES' },
  ]));
  visible.Staff = newcomer;
  Object.assign(hidden, await records('Hidden Hydraulics', [{ staffId: stranger, responsibility: 'SERVICE' }]));
  await t.app.runtime.dispatcher.drain();
  await t.app.runtime.health.recomputeAll();
  // Deliveries belong to no account; only administrators see them.
  hidden.EventDelivery = encodeGlobalId('EventDelivery', String((await t.db.prisma.eventDelivery.findFirstOrThrow()).id));
}, 120_000);
afterAll(() => t?.close());

/** A well-formed global id of the type that matches no record. */
const missingId = (type: string) => encodeGlobalId(type, type === 'EventDelivery' ? '999999' : `zz_missing_${type.toLowerCase()}`);

const writes = () => t.db.prisma.auditEntry.count();

describe('arguments naming records (docs: a record outside your reach looks exactly like one that does not exist)', () => {
  it('has a probe for every ID argument and cursor of the schema, and no probe for anything else', () => {
    const { ids, cursors } = referenceArguments(t.app.yoga.getEnveloped().schema);
    expect(ids.filter((c) => !REFERENCE_PROBES[c as keyof typeof REFERENCE_PROBES]).sort()).toEqual([]);
    expect(Object.keys(REFERENCE_PROBES).filter((c) => !ids.includes(c)).sort()).toEqual([]);
    expect(cursors.filter((c) => !CURSOR_PROBES[c as keyof typeof CURSOR_PROBES]).sort()).toEqual([]);
    expect(Object.keys(CURSOR_PROBES).filter((c) => !cursors.includes(c)).sort()).toEqual([]);
  });

  for (const [coordinate, probe] of Object.entries(REFERENCE_PROBES)) {
    it(`${coordinate}: a hidden ${probe.type} answers as a missing one, for frontline and middle management`, async () => {
      for (const role of ['FRONTLINE', 'MIDDLE'] as const) {
        const call: ReferenceCall = { t, token: tokens[role], visible };
        // The staff directory is open to all staff: no Staff record is hidden, so a real one of no account stands in.
        const made = probe.ids ? await probe.ids(t, hidden) : undefined;
        const hiddenId = made?.hidden ?? (probe.type === 'Staff' ? visible.Staff! : hidden[probe.type]);
        const absentId = made?.missing ?? missingId(probe.type);
        expect(hiddenId, `a hidden ${probe.type}`).toBeDefined();
        const before = await writes();
        const onHidden = await probe.run(call, hiddenId!);
        const onMissing = await probe.run(call, absentId);
        const ids = [hiddenId!, absentId];
        if (probe.type === 'Staff') expect(JSON.stringify(onMissing), role).toMatch(/NOT_FOUND|FORBIDDEN/);
        else expect(blankIds(onHidden, ids), role).toEqual(blankIds(onMissing, ids));
        // Nothing of the hidden account's records leaks, and nothing is written.
        expect(JSON.stringify(onHidden)).not.toMatch(/Hidden Hydraulics|Key Person/);
        if (probe.type !== 'Staff') expect(await writes(), role).toBe(before);
      }
    });
  }

  for (const [coordinate, probe] of Object.entries(CURSOR_PROBES)) {
    it(`${coordinate}: a cursor of a hidden record pages as the same position with no record`, async () => {
      for (const role of ['FRONTLINE', 'MIDDLE'] as const) {
        const call: ReferenceCall = { t, token: tokens[role], visible };
        const cursor = await probe.source(t, hidden);
        expect(cursor).toEqual(expect.any(String));
        const fromHidden = await probe.page(call, cursor);
        let fromMissing;
        if (probe.scope) {
          fromMissing = await probe.page(call, missingCursor(probe.scope, cursor));
        } else {
          await probe.forget!(t);
          fromMissing = await probe.page(call, cursor);
        }
        expect(fromHidden, role).toEqual(fromMissing);
        expect(JSON.stringify(fromHidden)).not.toMatch(/INVALID_CURSOR|Hidden Hydraulics/);
      }
    });
  }
});
