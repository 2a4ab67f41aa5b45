/**
 * Six months of key-person maintenance for the demo portfolio, as pure
 * builders from (portfolio, seed, now): visits made and planned, care
 * moments, how anniversaries were honoured, MAN assessments and the
 * standing of key persons. Most key accounts are kept by the book; a few
 * are not, so that RELATIONSHIP is the short board somewhere, for a reason
 * the stave can name:
 *  - OVERDUE_KEY_ACCOUNTS key accounts whose last top-level visit is 40-70 days old
 *    (one with a planned visit that was missed);
 *  - a care moment left unanswered, and anniversaries missed;
 *  - a MAN assessment that is stale, and one with Authority unknown.
 * Deterministic: the same seed and `now` give the same rows, ids included.
 */
import { createRng } from 'kam-graphql/plugin';
import { DAY_MS } from '../staves/wording.js';
import { lastOccurrence } from '../anniversaries/occurrence-dates.js';

export const OVERDUE_KEY_ACCOUNTS = 3;

type Level = 'TOP' | 'MIDDLE' | 'FRONTLINE';
type Role = 'DECISION_MAKER' | 'INFLUENCER' | 'USER' | 'GATEKEEPER' | 'OTHER';

export interface DemoPortfolio {
  accounts: { id: string; tier: 'KEY' | 'GENERAL'; createdAt: Date }[];
  /** Team members of active accounts. */
  team: { accountId: string; staffId: string; responsibility: 'RELATIONSHIP' | 'SALES' | 'SERVICE'; level: Level }[];
  staff: { id: string; level: Level; hireDate: Date }[];
  people: { id: string; accountId: string; decisionRole: Role; isKeyPerson: boolean }[];
  anniversaries: { id: string; personId: string; date: Date }[];
}

export interface DemoRelationshipRows {
  visits: { id: string; accountId: string; status: 'DONE' | 'PLANNED' | 'MISSED'; kind: VisitKind; at: Date; purpose: string; outcome: string | null; nextSteps: string | null; nextPlannedAt: Date | null }[];
  visitStaff: { visitId: string; staffId: string; levelAtVisit: Level }[];
  visitPeople: { visitId: string; personId: string; roleAtVisit: Role }[];
  careMoments: { id: string; personId: string; accountId: string; kind: CareKind; learnedAt: Date; note: string; closedAt: Date | null; closingNote: string | null }[];
  careActions: { id: string; momentId: string; kind: CareActionKind; note: string; byStaffId: string; at: Date }[];
  occurrences: { id: string; anniversaryId: string; personId: string; accountId: string; occursOn: Date; announcedAt: Date; honour: 'GREETING' | 'GIFT' | 'VISIT' | 'NONE' | null; honouredAt: Date | null; honouredById: string | null }[];
  assessments: {
    id: string;
    accountId: string;
    money: Rating;
    moneyBudget: string;
    moneyEvidence: string;
    authority: Rating;
    authorityEvidence: string;
    need: Rating;
    needs: string;
    needEvidence: string;
    assessedById: string;
    assessedAt: Date;
  }[];
  authorities: { assessmentId: string; personId: string; directTopRelationship: boolean }[];
  standings: { personId: string; influence: 'LOW' | 'MEDIUM' | 'HIGH'; strength: 'NONE' | 'WEAK' | 'GOOD' | 'STRONG'; updatedById: string | null }[];
}

type VisitKind = 'ON_SITE_VISIT' | 'HOSTED_VISIT' | 'BUSINESS_MEAL' | 'CALL' | 'VIDEO_MEETING' | 'OTHER';
type CareKind = 'ILLNESS' | 'BEREAVEMENT' | 'EMOTIONAL_SETBACK' | 'CAREER_FAILURE' | 'CHANGE_OF_ENVIRONMENT' | 'SUDDEN_EVENT' | 'HARDSHIP' | 'LOW_MOOD' | 'OTHER';
type CareActionKind = 'VISIT' | 'CALL' | 'GIFT' | 'FLOWERS' | 'LETTER' | 'HELP_OFFERED' | 'OTHER';
type Rating = 'CONFIRMED' | 'PARTIAL' | 'UNKNOWN' | 'ABSENT';

const PURPOSES = ['Quarterly business review', 'Next year\'s volume plan', 'Plant tour after the line upgrade', 'Introduce our new general manager', 'Settle the delivery complaint', 'Joint product roadmap'];
const OUTCOMES = ['Agreed to extend the framework contract', 'Volume forecast confirmed for the next quarter', 'Complaint closed; a follow-up audit agreed', 'Interest in the new product line', 'Asked for a proposal on service terms'];
const NEXT_STEPS = ['Send the proposal within two weeks', 'Arrange a visit of their engineers to our plant', 'Confirm prices for the second half', 'Set up a joint meeting with their purchasing'];
const CARE: readonly (readonly [CareKind, string])[] = [
  ['ILLNESS', 'In hospital after a knee operation'],
  ['BEREAVEMENT', 'Lost a parent last week'],
  ['CAREER_FAILURE', 'Passed over for the vice-president post'],
  ['CHANGE_OF_ENVIRONMENT', 'Moving to the Shenzhen plant'],
  ['LOW_MOOD', 'Under pressure after a failed audit'],
];

const day = (t: number) => new Date(Math.floor(t / DAY_MS) * DAY_MS + 10 * 3_600_000); // 10:00 UTC

export function buildDemoRelationship(portfolio: DemoPortfolio, seed: number, now: Date): DemoRelationshipRows {
  const rng = createRng(seed + 5_000_011);
  const rows: DemoRelationshipRows = { visits: [], visitStaff: [], visitPeople: [], careMoments: [], careActions: [], occurrences: [], assessments: [], authorities: [], standings: [] };
  const today = now.getTime();
  const ago = (days: number) => day(today - days * DAY_MS);
  const tops = portfolio.staff.filter((s) => s.level === 'TOP');
  const middles = portfolio.staff.filter((s) => s.level === 'MIDDLE');
  const peopleOf = (accountId: string) => portfolio.people.filter((p) => p.accountId === accountId);
  const owner = (accountId: string, responsibility: 'RELATIONSHIP' | 'SALES') => portfolio.team.find((m) => m.accountId === accountId && m.responsibility === responsibility);
  let visitNo = 0;
  const addVisit = (accountId: string, status: 'DONE' | 'PLANNED' | 'MISSED', at: Date, staff: { id: string; level: Level }[], people: { id: string; decisionRole: Role }[], kind: VisitKind) => {
    const id = `vis_${String(++visitNo).padStart(4, '0')}`;
    const done = status === 'DONE';
    rows.visits.push({
      id,
      accountId,
      status,
      kind,
      at,
      purpose: rng.pick(PURPOSES),
      outcome: done ? rng.pick(OUTCOMES) : null,
      nextSteps: done ? rng.pick(NEXT_STEPS) : null,
      nextPlannedAt: null,
    });
    for (const s of staff) rows.visitStaff.push({ visitId: id, staffId: s.id, levelAtVisit: s.level });
    for (const p of people) rows.visitPeople.push({ visitId: id, personId: p.id, roleAtVisit: p.decisionRole });
    return id;
  };

  const keys = portfolio.accounts.filter((a) => a.tier === 'KEY');
  // Which key accounts fall behind: spread over the list, the same for a given seed.
  const behind = new Set(rng.sample(keys, Math.min(OVERDUE_KEY_ACCOUNTS, keys.length)).map((a) => a.id));

  for (const account of portfolio.accounts) {
    const people = peopleOf(account.id);
    const deciders = people.filter((p) => p.decisionRole === 'DECISION_MAKER');
    const others = people.filter((p) => p.decisionRole !== 'DECISION_MAKER');
    const since = Math.min(180, Math.floor((today - account.createdAt.getTime()) / DAY_MS));
    if (account.tier === 'KEY') {
      const relationship = owner(account.id, 'RELATIONSHIP');
      const sales = owner(account.id, 'SALES');
      const top = relationship ? { id: relationship.staffId, level: relationship.level } : tops[0] ? { id: tops[0].id, level: 'TOP' as const } : null;
      if (!top || deciders.length === 0) continue;
      // Monthly top-level visits to a decision maker; the accounts behind stopped 40-70 days ago.
      const lastAgo = behind.has(account.id) ? rng.int(40, 70) : rng.int(3, 24);
      for (let at = lastAgo; at <= since; at += rng.int(24, 33)) {
        const met = [rng.pick(deciders), ...(others.length > 0 && rng.chance(0.5) ? [rng.pick(others)] : [])];
        const staff = [top, ...(sales && rng.chance(0.4) ? [{ id: sales.staffId, level: sales.level }] : [])];
        addVisit(account.id, 'DONE', ago(at), staff, met, rng.weighted([['ON_SITE_VISIT', 5], ['HOSTED_VISIT', 2], ['BUSINESS_MEAL', 2], ['VIDEO_MEETING', 1]] as const));
      }
      // Sales management keeps in touch too, which does not count for the top-level cadence.
      if (sales && others.length > 0) addVisit(account.id, 'DONE', ago(rng.int(2, 20)), [{ id: sales.staffId, level: sales.level }], [rng.pick(others)], 'CALL');
      if (behind.has(account.id)) {
        // A visit planned for two weeks ago that did not happen.
        addVisit(account.id, 'MISSED', ago(14), [top], [deciders[0]!], 'ON_SITE_VISIT');
      } else {
        const planned = addVisit(account.id, 'PLANNED', ago(-rng.int(5, 20)), [top], [rng.pick(deciders)], 'ON_SITE_VISIT');
        const last = rows.visits.filter((v) => v.accountId === account.id && v.status === 'DONE').sort((a, b) => b.at.getTime() - a.at.getTime())[0];
        if (last) last.nextPlannedAt = rows.visits.find((v) => v.id === planned)!.at;
      }
    } else {
      // General accounts: a sales manager's visit every two or three months (the general cadence is 90 days).
      const manager = middles.length > 0 ? middles[rng.int(0, middles.length - 1)]! : null;
      const contacts = [...deciders, ...people.filter((p) => p.decisionRole === 'INFLUENCER')];
      if (!manager || contacts.length === 0) continue;
      for (let at = rng.int(5, 100); at <= since; at += rng.int(55, 85)) {
        addVisit(account.id, 'DONE', ago(at), [{ id: manager.id, level: 'MIDDLE' }], [deciders.length > 0 && rng.chance(0.7) ? rng.pick(deciders) : rng.pick(contacts)], rng.pick(['ON_SITE_VISIT', 'CALL', 'VIDEO_MEETING'] as const));
      }
    }
  }

  // Care moments of key persons: most answered within a day or two, one left unanswered on an account that is behind.
  const keyPersons = portfolio.people.filter((p) => p.isKeyPerson && keys.some((a) => a.id === p.accountId));
  const cared = rng.sample(keyPersons, Math.min(CARE.length, keyPersons.length));
  cared.forEach((p, i) => {
    const [kind, note] = CARE[i]!;
    const unanswered = i === 0;
    const learned = unanswered ? rng.int(5, 9) : rng.int(10, 150);
    const id = `care_${String(i + 1).padStart(3, '0')}`;
    const closed = !unanswered && i % 2 === 1;
    rows.careMoments.push({ id, personId: p.id, accountId: p.accountId, kind, learnedAt: ago(learned), note, closedAt: closed ? ago(learned - 20) : null, closingNote: closed ? 'Back to normal' : null });
    const by = owner(p.accountId, 'RELATIONSHIP')?.staffId ?? tops[0]?.id;
    if (!unanswered && by) {
      rows.careActions.push({ id: `${id}_a1`, momentId: id, kind: rng.pick(['VISIT', 'CALL', 'FLOWERS', 'LETTER'] as const), note: 'Showed our support in person', byStaffId: by, at: ago(learned - 1) });
      if (rng.chance(0.5)) rows.careActions.push({ id: `${id}_a2`, momentId: id, kind: 'HELP_OFFERED', note: 'Offered to move the review meeting to a later date', byStaffId: by, at: ago(learned - 3) });
    }
  });

  // The past year's anniversaries of key persons: most honoured, some missed (NONE, or nothing recorded).
  let occurrenceNo = 0;
  for (const anniversary of portfolio.anniversaries) {
    const person = keyPersons.find((p) => p.id === anniversary.personId);
    if (!person) continue;
    const occursOn = lastOccurrence(anniversary.date, now);
    if (!occursOn || today - occursOn.getTime() > 365 * DAY_MS) continue;
    const by = owner(person.accountId, 'RELATIONSHIP')?.staffId ?? null;
    const honour = rng.weighted([['GREETING', 5], ['GIFT', 3], ['VISIT', 1], ['NONE', 1], [null, 1]] as const);
    rows.occurrences.push({
      id: `occ_${String(++occurrenceNo).padStart(4, '0')}`,
      anniversaryId: anniversary.id,
      personId: person.id,
      accountId: person.accountId,
      occursOn,
      announcedAt: new Date(occursOn.getTime() - 14 * DAY_MS),
      honour,
      honouredAt: honour ? occursOn : null,
      honouredById: honour ? by : null,
    });
  }

  // MAN: every key account assessed once or twice; one stale, one with Authority unknown.
  keys.forEach((account, i) => {
    const deciders = peopleOf(account.id).filter((p) => p.decisionRole === 'DECISION_MAKER');
    const assessor = owner(account.id, 'RELATIONSHIP')?.staffId ?? tops[0]?.id;
    if (!assessor) return;
    const stale = i === 1;
    const unknownAuthority = i === 2;
    const times = stale ? [rng.int(200, 260)] : [rng.int(100, 170), rng.int(5, 60)];
    times.forEach((daysAgo, n) => {
      const latest = n === times.length - 1;
      const id = `man_${account.id}_${n + 1}`;
      const authority: Rating = unknownAuthority && latest ? 'UNKNOWN' : latest ? 'CONFIRMED' : 'PARTIAL';
      rows.assessments.push({
        id,
        accountId: account.id,
        money: latest ? rng.pick(['CONFIRMED', 'CONFIRMED', 'PARTIAL'] as const) : 'PARTIAL',
        moneyBudget: `CNY ${rng.int(2, 12)} million a year for purchases in our range`,
        moneyEvidence: 'Budget shown in the annual purchasing plan',
        authority,
        authorityEvidence: authority === 'CONFIRMED' ? 'The general manager signs every framework contract' : 'Unclear whether the new board must approve',
        need: latest ? 'CONFIRMED' : rng.pick(['PARTIAL', 'UNKNOWN'] as const),
        needs: 'Shorter delivery times and a second source for critical parts',
        needEvidence: 'Stated at the last business review',
        assessedById: assessor,
        assessedAt: ago(daysAgo),
      });
      if (authority !== 'UNKNOWN') for (const p of deciders) rows.authorities.push({ assessmentId: id, personId: p.id, directTopRelationship: rng.chance(0.8) });
    });
  });

  // How much each key person weighs, and how strong our relationship is.
  for (const p of keyPersons) {
    rows.standings.push({
      personId: p.id,
      influence: rng.weighted([['HIGH', 3], ['MEDIUM', 2], ['LOW', 1]] as const),
      strength: rng.weighted([['STRONG', 2], ['GOOD', 3], ['WEAK', 1]] as const),
      updatedById: owner(p.accountId, 'RELATIONSHIP')?.staffId ?? null,
    });
  }
  return rows;
}
