/**
 * The power map's part of a person's export and erasure: the standing held
 * about them (the relationship owner's judgement) is exported, and deleted on
 * erasure, with its audit entries scrubbed.
 */
import type { PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

export const powerMapPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const standing = await tx.personStanding.findUnique({ where: { personId } });
    if (!standing) return {};
    return {
      standing: {
        influence: standing.influence ?? 'not judged',
        relationshipStrength: standing.strength ?? 'not judged',
        updatedOn: standing.updatedAt.toISOString().slice(0, 10),
      },
    };
  },
  async erase(personId, { tx }) {
    await tx.personStanding.deleteMany({ where: { personId } });
    return { auditRecords: [{ entityType: 'PersonStanding', entityId: personId }] };
  },
};
