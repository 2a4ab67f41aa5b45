/**
 * Anniversary occurrences take part in a person's rights: the export lists
 * them (with how each was honoured and its note); erasure deletes them with
 * the rest of the dossier.
 */
import type { PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

export const anniversaryPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const rows = await tx.anniversaryOccurrence.findMany({ where: { personId }, orderBy: [{ occursOn: 'asc' }, { id: 'asc' }] });
    if (rows.length === 0) return {};
    return {
      occurrences: rows.map((o) => ({ anniversaryId: o.anniversaryId, occursOn: o.occursOn.toISOString(), honour: o.honour, honouredAt: o.honouredAt?.toISOString() ?? null, note: o.note })),
    };
  },
  async erase(personId, { tx }) {
    await tx.anniversaryOccurrence.deleteMany({ where: { personId } });
  },
};
