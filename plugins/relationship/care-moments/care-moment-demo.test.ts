/** The demo builder: deterministic, and it tells the intended story by the model's own rules. */
import { describe, expect, it } from 'vitest';
import { buildDemoCareMoments } from './care-moment-demo.js';
import { isCareOverdue } from './care-moment-model.js';
import { NOW } from './test/care-test-support.js';

const people = Array.from({ length: 12 }, (_, i) => ({ id: `per_${i}`, accountId: `acc_${i % 5}`, ownerId: i % 4 === 3 ? null : `stf_${i % 5}` }));

describe('demo care moments', () => {
  it('is the same for the same seed and clock, and different for another seed', () => {
    expect(buildDemoCareMoments(people, 42, NOW)).toEqual(buildDemoCareMoments(people, 42, NOW));
    expect(buildDemoCareMoments(people, 7, NOW).careMoments.map((m) => m.personId)).not.toEqual(buildDemoCareMoments(people, 42, NOW).careMoments.map((m) => m.personId));
  });

  it('has one overdue moment, one not yet due, one answered and open, the rest closed; care shown by the owner, never in the future', () => {
    const rows = buildDemoCareMoments(people, 42, NOW);
    const first = (id: string) => rows.careActions.filter((a) => a.momentId === id).map((a) => a.at).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const state = rows.careMoments.map((m) => ({ open: m.closedAt === null, answered: first(m.id) !== null, overdue: isCareOverdue({ ...m, firstActionAt: first(m.id) }, NOW, 3) }));
    expect(state.slice(0, 3)).toEqual([
      { open: true, answered: false, overdue: true },
      { open: true, answered: false, overdue: false },
      { open: true, answered: true, overdue: false },
    ]);
    expect(state.slice(3).every((s) => !s.open && s.answered)).toBe(true);
    for (const m of rows.careMoments) expect(people.find((p) => p.id === m.personId)!.ownerId).toBe(m.recordedById);
    for (const a of rows.careActions) {
      const m = rows.careMoments.find((x) => x.id === a.momentId)!;
      expect(a.byStaffId).toBe(m.recordedById);
      expect(a.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(a.at.getTime()).toBeGreaterThanOrEqual(m.learnedAt.getTime());
      if (m.closedAt) expect(a.at.getTime()).toBeLessThanOrEqual(m.closedAt.getTime());
    }
  });
});
