/**
 * The dossier takes part in a person's rights through the host's privacy
 * mechanism: the export lists the profile and the anniversaries, the
 * erasure deletes them, and the audit entries of both (anniversaries
 * removed long ago included) are listed in the export and scrubbed by the
 * erasure. The host runs these hooks for every installed plugin, enabled or
 * not, so disabling the relationship plugin never strands a dossier.
 */
import { auditedRecordsOf, type PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

const day = (d: Date | null) => (d === null ? null : d.toISOString().slice(0, 10));

export const dossierPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const [profile, anniversaries] = [
      await tx.personProfile.findUnique({ where: { personId } }),
      await tx.personAnniversary.findMany({ where: { personId }, orderBy: [{ date: 'asc' }, { id: 'asc' }] }),
    ];
    if (!profile && anniversaries.length === 0) return {};
    return {
      profile: profile && {
        gender: profile.gender,
        birthDate: day(profile.birthDate),
        familyMembers: profile.familyMembers,
        expertise: profile.expertise,
        hobbies: profile.hobbies,
        personalDevelopment: profile.personalDevelopment,
        personality: profile.personality,
        healthNotes: profile.healthNotes,
        updatedAt: profile.updatedAt.toISOString(),
      },
      anniversaries: anniversaries.map((a) => ({ id: a.id, kind: a.kind, label: a.label, date: day(a.date), createdAt: a.createdAt.toISOString() })),
    };
  },

  async erase(personId, { tx }) {
    await tx.personAnniversary.deleteMany({ where: { personId } });
    await tx.personProfile.deleteMany({ where: { personId } });
  },

  async auditRecords(personId, { tx }) {
    const current = await tx.personAnniversary.findMany({ where: { personId }, select: { id: true } });
    const past = await auditedRecordsOf(tx, 'PersonAnniversary', personId);
    const anniversaryIds = new Set([...current.map((a) => a.id), ...past.map((r) => r.entityId)]);
    return [
      // A profile is keyed by its person.
      { entityType: 'PersonProfile', entityId: personId },
      ...[...anniversaryIds].map((entityId) => ({ entityType: 'PersonAnniversary', entityId })),
    ];
  },
};
