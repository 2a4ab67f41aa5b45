/**
 * The anniversaries' access probes: the upcoming list and honouring are
 * dossier data, so only top management and the account's relationship owner
 * reach them; one probe per access rule, one per argument naming a record.
 */
import { outcomeOf, rawId, USER_ERROR_FIELDS, type AccessProbes, type ReferenceCall } from 'kam-graphql/testing';

const HONOUR = `mutation($id: ID!) { honourAnniversary(input: { anniversaryId: $id, honour: GREETING }) { occurrence { honour } ${USER_ERROR_FIELDS} } }`;
const run = (call: ReferenceCall, query: string, variables: Record<string, unknown>) => call.t.gql(query, variables, call.token);

export const anniversaryProbes: AccessProbes = {
  operations: {
    'Query.upcomingAnniversaries': async ({ t, token, lookAlike }) => {
      const target = await lookAlike();
      // A key person of the look-alike whose birthday is in three days.
      const person = await t.db.prisma.person.create({ data: { accountId: rawId(target.id), name: 'Probe Birthday', searchName: 'probe birthday', isKeyPerson: true } });
      const soon = new Date(t.now().getTime() + 3 * 86_400_000);
      await t.db.prisma.personAnniversary.create({ data: { personId: person.id, kind: 'BIRTHDAY', label: 'Birthday', date: new Date(Date.UTC(1970, soon.getUTCMonth(), soon.getUTCDate())) } });
      return outcomeOf(await t.gql(`{ upcomingAnniversaries { person { id } daysAhead } }`, {}, token), undefined, (d) =>
        d.upcomingAnniversaries.some((u: any) => rawId(u.person.id) === person.id),
      );
    },
    'Mutation.honourAnniversary': async ({ t, token, account }) => outcomeOf(await t.gql(HONOUR, { id: account.records.PersonAnniversary }, token), 'honourAnniversary'),
  },
  references: {
    'Mutation.honourAnniversary(input.anniversaryId)': { type: 'PersonAnniversary', run: (c, id) => run(c, HONOUR, { id }) },
  },
};
