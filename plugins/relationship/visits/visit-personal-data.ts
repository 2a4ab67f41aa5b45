/**
 * Visits take part in a person's rights: the export lists the visits they
 * were met in; the erasure removes them from those visits (the visit stays,
 * as the staff's own record, without naming them).
 */
import type { PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

export const visitPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const met = await tx.visitPerson.findMany({
      where: { personId },
      select: { roleAtVisit: true, visit: { select: { id: true, status: true, kind: true, at: true, purpose: true, outcome: true, nextSteps: true } } },
      orderBy: { visitId: 'asc' },
    });
    if (met.length === 0) return {};
    return { visits: met.map((m) => ({ ...m.visit, at: m.visit.at.toISOString(), roleAtVisit: m.roleAtVisit })) };
  },
  async erase(personId, { tx }) {
    await tx.visitPerson.deleteMany({ where: { personId } });
  },
};
