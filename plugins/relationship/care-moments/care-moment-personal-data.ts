/**
 * Care moments' part of a person's rights of access and erasure: the export
 * lists every moment and the care shown, in words; the erasure deletes them
 * (moments and actions) and names them so core scrubs their audit entries.
 * Events carry ids only, so the outbox holds nothing to erase.
 */
import type { PersonalDataHooks } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { words } from './care-moment-model.js';

export const careMomentPersonalData: PersonalDataHooks<RelationshipOptions> = {
  async export(personId, { tx }) {
    const moments = await tx.careMoment.findMany({
      where: { personId },
      orderBy: [{ learnedAt: 'asc' }, { id: 'asc' }],
      include: { actions: { orderBy: [{ at: 'asc' }, { id: 'asc' }], include: { byStaff: { select: { name: true } } } } },
    });
    if (moments.length === 0) return {};
    return {
      careMoments: moments.map((m) => ({
        kind: words(m.kind),
        learnedAt: m.learnedAt.toISOString(),
        note: m.note,
        closedAt: m.closedAt?.toISOString() ?? null,
        closingNote: m.closingNote,
        careShown: m.actions.map((a) => ({ kind: words(a.kind), note: a.note, at: a.at.toISOString(), by: a.byStaff.name })),
      })),
    };
  },

  async erase(personId, { tx }) {
    const moments = await tx.careMoment.findMany({ where: { personId }, select: { id: true, actions: { select: { id: true } } } });
    const momentIds = moments.map((m) => m.id);
    const actionIds = moments.flatMap((m) => m.actions.map((a) => a.id));
    if (momentIds.length > 0) {
      await tx.careAction.deleteMany({ where: { momentId: { in: momentIds } } });
      await tx.careMoment.deleteMany({ where: { id: { in: momentIds } } });
    }
    return {
      auditRecords: [
        ...momentIds.map((id) => ({ entityType: 'CareMoment', entityId: id })),
        ...actionIds.map((id) => ({ entityType: 'CareAction', entityId: id })),
      ],
    };
  },
};
