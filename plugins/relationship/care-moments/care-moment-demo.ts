/**
 * Demo care moments, for the relationship demo to call: a pure builder from
 * (key persons with their relationship owners, seed, now) to the rows of
 * CareMoment and CareAction, to be written with createMany, without events.
 * It tells the story a relationship owner should see on `npm start`:
 *  - one moment unanswered past the response time (overdue, on the agenda
 *    and in the RELATIONSHIP stave's `care-moments` factor);
 *  - one learned of yesterday, not yet due;
 *  - one answered the day after and still open;
 *  - the rest answered in time and closed, with a closing note.
 * Deterministic: the same seed and clock give the same rows, ids included.
 */
import { createRng, type CareActionKind, type CareMomentKind } from 'kam-graphql/plugin';
import { DAY_MS } from './care-moment-model.js';

export interface DemoCarePerson {
  id: string;
  accountId: string;
  /** The account's relationship owner (a current staff member), who shows the care; people without one are left out. */
  ownerId: string | null;
}

export interface DemoCareRows {
  careMoments: {
    id: string;
    personId: string;
    accountId: string;
    kind: CareMomentKind;
    learnedAt: Date;
    note: string;
    closedAt: Date | null;
    closingNote: string | null;
    recordedById: string;
  }[];
  careActions: { id: string; momentId: string; kind: CareActionKind; note: string; byStaffId: string; at: Date }[];
}

const STORIES: readonly { kind: CareMomentKind; note: string; care: readonly [CareActionKind, string][]; closing: string }[] = [
  { kind: 'ILLNESS', note: 'Knee operation; in hospital for a week', care: [['VISIT', 'Visited him in hospital with fruit'], ['CALL', 'Called to ask how the recovery goes']], closing: 'Back at work, walking well' },
  { kind: 'BEREAVEMENT', note: 'Her mother passed away', care: [['FLOWERS', 'Sent white flowers and a condolence card'], ['LETTER', 'Wrote a personal letter from our chairman']], closing: 'Thanked us at the next meeting' },
  { kind: 'CAREER_FAILURE', note: 'Passed over for the vice-president post', care: [['CALL', 'Called to encourage him; no business talk']], closing: 'Took over the new plant instead' },
  { kind: 'CHANGE_OF_ENVIRONMENT', note: 'Moved from the Jinan plant to the Shanghai headquarters', care: [['GIFT', 'A guide to Shanghai and a welcome dinner']], closing: 'Settled in' },
  { kind: 'HARDSHIP', note: 'The plant was flooded; production stopped for two weeks', care: [['HELP_OFFERED', 'Offered spare pumps on loan and deferred the invoice']], closing: 'Production running again' },
  { kind: 'LOW_MOOD', note: 'Seemed worn out at the last review; long hours since the merger', care: [['VISIT', 'Invited him to the tea house; listened']], closing: 'In better spirits' },
  { kind: 'SUDDEN_EVENT', note: 'Car accident on the way to the airport; not hurt', care: [['CALL', 'Called the same evening']], closing: 'All well' },
];

export function buildDemoCareMoments(people: readonly DemoCarePerson[], seed: number, now: Date, careResponseDays = 3): DemoCareRows {
  const rng = createRng(seed ^ 0x0ca4e);
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const rows: DemoCareRows = { careMoments: [], careActions: [] };
  const cared = rng.shuffle(people.filter((p): p is DemoCarePerson & { ownerId: string } => p.ownerId !== null)).slice(0, STORIES.length);
  cared.forEach((person, i) => {
    const story = STORIES[(i + rng.int(0, STORIES.length - 1)) % STORIES.length]!;
    const id = `demo_care_${String(i + 1).padStart(3, '0')}`;
    // 0: overdue and unanswered; 1: learned yesterday; 2: answered, still open; the rest closed.
    const learned = i === 0 ? careResponseDays + 2 : i === 1 ? 1 : i === 2 ? 6 : rng.int(20, 150);
    const closed = i >= 3;
    const answered = i >= 2;
    rows.careMoments.push({
      id,
      personId: person.id,
      accountId: person.accountId,
      kind: story.kind,
      learnedAt: ago(learned),
      note: story.note,
      closedAt: closed ? ago(learned - 14) : null,
      closingNote: closed ? story.closing : null,
      recordedById: person.ownerId,
    });
    if (!answered) return;
    story.care.slice(0, closed ? story.care.length : 1).forEach(([kind, note], n) => {
      rows.careActions.push({ id: `${id}_a${n + 1}`, momentId: id, kind, note, byStaffId: person.ownerId, at: ago(learned - 1 - n * 3) });
    });
  });
  return rows;
}
