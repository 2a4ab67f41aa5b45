/**
 * Demo dossiers: every key person of the demo portfolio gets a private
 * profile and the dates that matter to them (sensitive personal data:
 * invented, like the rest), so the relationship owners' views are never
 * empty. Reproducible from the seed number; ids `pan_0001`... in key-person
 * id order. Written without events (the host rescores after seeding). A
 * database that already has dossiers is left alone.
 */
import { createRng, type AnniversaryKind, type PrismaClient, type Rng, type SeedContext } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';

const DAY_MS = 86_400_000;

const FAMILY = [
  'Married; a daughter studying medicine in Shanghai',
  'Married; two sons, the elder works in the family business',
  'Married; a son in senior high school, exams next June',
  'Widowed; looks after an elderly mother; a daughter in Hangzhou',
  'Married; twin daughters in primary school',
  'Married; a grandson born this spring',
] as const;

const EXPERTISE: Readonly<Record<string, readonly string[]>> = {
  Chairman: [
    'Founded the company; mechanical engineer by training, still reads every major equipment tender',
    'Came up through production; knows foundry processes in depth',
  ],
  'General Manager': [
    'Former plant manager; strong on lean production and energy costs',
    'Finance background (CPA); judges suppliers on total cost of ownership',
  ],
};

const HOBBIES = [
  'Go (weiqi) and fly fishing',
  'Calligraphy; collects Yixing teapots',
  'Long-distance cycling; rides Taihu Lake every autumn',
  'Amateur Peking opera; plays the erhu',
  'Badminton twice a week; follows CBA basketball',
  'Hiking in Huangshan; landscape photography',
] as const;

const DEVELOPMENT = [
  'Enrolled in an EMBA programme; interested in digital factory case studies',
  'Preparing the company for a listing on the Beijing Stock Exchange',
  'Wants to cut energy use by 15% within three years',
  'Mentoring a successor; delegating day-to-day operations',
] as const;

const PERSONALITY = [
  'Direct and punctual; prefers short meetings with figures on paper',
  'Relationship first: decides after a dinner, not in a meeting room',
  'Careful and detail-minded; asks for references from other plants',
  'Open to new technology but wary of long payback periods',
] as const;

const HEALTH = [
  'Recovering from knee surgery: avoid long plant walks and stairs on site visits',
  'Diabetic: no sweets as gifts, light dinners',
  'Does not drink alcohol for health reasons: order tea at dinners',
] as const;

/** The key persons a demo dossier is written for, as the portfolio holds them. */
export interface DossierDemoPerson {
  id: string;
  title: string | null;
  createdAt: Date;
  account: { name: string; createdAt: Date };
}

export interface DemoProfile {
  personId: string;
  gender: string;
  birthDate: Date;
  familyMembers: string;
  expertise: string;
  hobbies: string;
  personalDevelopment: string;
  personality: string;
  healthNotes: string | null;
  updatedAt: Date;
}

export interface DemoAnniversary {
  id: string;
  personId: string;
  kind: AnniversaryKind;
  label: string;
  date: Date;
  createdAt: Date;
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function daysBefore(now: Date, days: number): Date {
  return new Date(startOfUtcDay(now).getTime() - Math.round(days) * DAY_MS);
}

/** A random day in [from, to] (whole days; `to` wins if the range is empty). */
function dayBetween(rng: Rng, from: Date, to: Date): Date {
  const span = Math.floor((to.getTime() - from.getTime()) / DAY_MS);
  if (span <= 0) return new Date(to.getTime());
  return new Date(from.getTime() + rng.int(0, span) * DAY_MS);
}

/** The dossiers of `people` (key persons, in id order): pure, the same for the same seed and now. */
export function buildDemoDossiers(people: readonly DossierDemoPerson[], seed: number, now: Date): { profiles: DemoProfile[]; anniversaries: DemoAnniversary[] } {
  const rng = createRng(seed + 4_000_037);
  const today = startOfUtcDay(now);
  const profiles: DemoProfile[] = [];
  const anniversaries: DemoAnniversary[] = [];
  const anniversary = (personId: string, kind: AnniversaryKind, label: string, date: Date, createdAt: Date) =>
    anniversaries.push({ id: `pan_${String(anniversaries.length + 1).padStart(4, '0')}`, personId, kind, label, date, createdAt });

  for (const person of people) {
    const age = rng.int(42, 66);
    const birthDate = daysBefore(now, age * 365.25 + rng.int(0, 364));
    const updatedAt = dayBetween(rng, person.createdAt, today);
    profiles.push({
      personId: person.id,
      gender: rng.chance(0.75) ? 'male' : 'female',
      birthDate,
      familyMembers: rng.pick(FAMILY),
      expertise: rng.pick(EXPERTISE[person.title ?? ''] ?? EXPERTISE['General Manager']!),
      hobbies: rng.pick(HOBBIES),
      personalDevelopment: rng.pick(DEVELOPMENT),
      personality: rng.pick(PERSONALITY),
      healthNotes: rng.chance(0.35) ? rng.pick(HEALTH) : null,
      updatedAt,
    });
    anniversary(person.id, 'BIRTHDAY', 'Birthday', birthDate, updatedAt);
    // The day the relationship began: the account's first contact with this person.
    anniversary(person.id, 'COMPANY', 'First meeting', person.createdAt, updatedAt);
    if (rng.chance(0.6)) {
      const founded = daysBefore(person.account.createdAt, rng.int(5, 25) * 365);
      anniversary(person.id, 'COMPANY', `${person.account.name} founded`.slice(0, 200), founded, updatedAt);
    }
    if (rng.chance(0.5)) {
      const wedding = daysBefore(now, (age - rng.int(24, 32)) * 365.25 + rng.int(0, 364));
      anniversary(person.id, 'PERSONAL', 'Wedding anniversary', wedding, updatedAt);
    }
  }
  return { profiles, anniversaries };
}

/** The portfolio's key persons, in id order (erased ones have no dossier). */
export function dossierDemoPeople(prisma: PrismaClient): Promise<DossierDemoPerson[]> {
  return prisma.person.findMany({
    where: { isKeyPerson: true, erasedAt: null },
    orderBy: { id: 'asc' },
    select: { id: true, title: true, createdAt: true, account: { select: { name: true, createdAt: true } } },
  });
}

/** Writes the demo dossiers; the relationship demo (demo/) runs after it and honours their anniversaries. */
export async function seedDemoDossiers(ctx: SeedContext<RelationshipOptions>): Promise<void> {
  const prisma = ctx.prisma;
  if ((await prisma.personProfile.count()) > 0 || (await prisma.personAnniversary.count()) > 0) {
    ctx.log('demo dossiers: the database already has dossiers, leaving them alone');
    return;
  }
  const { profiles, anniversaries } = buildDemoDossiers(await dossierDemoPeople(prisma), ctx.seed, ctx.now());
  await ctx.transaction(async (tx) => {
    await tx.personProfile.createMany({ data: profiles });
    await tx.personAnniversary.createMany({ data: anniversaries });
  });
  ctx.log(`demo dossiers: ${profiles.length} private profiles (${anniversaries.length} anniversaries)`);
}
