/**
 * Qualification's part of a person's export: the MAN assessments that named
 * them as holding decision authority. Erasure keeps those rows (a business
 * record of who decided, now naming an erased person); they hold no text of
 * their own about the person.
 */
import type { PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

export const qualificationPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const rows = await tx.manAuthority.findMany({
      where: { personId },
      select: { directTopRelationship: true, assessment: { select: { assessedAt: true } } },
    });
    if (rows.length === 0) return {};
    return {
      namedAsDecisionAuthority: rows
        .map((r) => ({ assessedOn: r.assessment.assessedAt.toISOString().slice(0, 10), directTopRelationship: r.directTopRelationship }))
        .sort((a, b) => a.assessedOn.localeCompare(b.assessedOn)),
    };
  },
  async erase() {
    return { auditRecords: [] };
  },
};
