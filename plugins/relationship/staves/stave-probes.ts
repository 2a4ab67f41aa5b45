/**
 * The stave's part of the access probes: each probe account's relationship
 * is kept (a decision maker met by top management the day before), so the
 * RELATIONSHIP stave is full there and never hides the health change
 * another module's probe makes.
 */
import { rawId, type AccessProbes } from 'kam-graphql/testing';
import { DAY_MS } from './wording.js';

export const staveProbes: AccessProbes = {
  operations: {},
  async prepareAccount(t, accountId) {
    const prisma = t.db.prisma;
    const person = await prisma.person.create({
      data: { accountId: rawId(accountId), name: 'Probe Decision Maker', searchName: 'probe decision maker', decisionRole: 'DECISION_MAKER' },
    });
    await prisma.visit.create({
      data: {
        accountId: rawId(accountId),
        status: 'DONE',
        kind: 'ON_SITE_VISIT',
        at: new Date(t.now().getTime() - DAY_MS),
        staff: { create: [{ staffId: t.operator.id, levelAtVisit: 'TOP' }] },
        people: { create: [{ personId: person.id, roleAtVisit: 'DECISION_MAKER' }] },
      },
    });
    return {};
  },
};
