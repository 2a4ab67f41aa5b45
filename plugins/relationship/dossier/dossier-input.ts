/**
 * The dossier's input rules: what a profile and an anniversary may hold,
 * checked by the service before anything is written.
 */
import { z } from 'kam-graphql/plugin';

export const anniversaryKinds = ['BIRTHDAY', 'COMPANY', 'PERSONAL'] as const;

/** Profile texts are notes, not essays: long enough for a paragraph, bounded for storage and export. */
export const PROFILE_TEXT_MAX = 2000;
export const GENDER_MAX = 50;
export const ANNIVERSARY_LABEL_MAX = 200;
/** A person keeps a handful of dates, not a calendar. */
export const MAX_ANNIVERSARIES_PER_PERSON = 50;
/** Earliest date accepted for a birth date or an anniversary. */
export const EARLIEST_DATE = new Date('1900-01-01T00:00:00.000Z');
/** Latest date accepted for an anniversary (a date planned ahead, not a typo in the year). */
export const LATEST_ANNIVERSARY = new Date('2100-12-31T00:00:00.000Z');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A calendar date: a valid Date, kept as midnight UTC of its day. */
const calendarDate = z
  .date({ message: 'must be a date' })
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a date')
  .transform((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())))
  .refine((d) => d.getTime() >= EARLIEST_DATE.getTime(), 'must not be before 1900-01-01');

/** Every field optional: omitted leaves it unchanged, null clears it. */
export const setPersonProfileInput = z.strictObject({
  gender: text(GENDER_MAX).nullish(),
  birthDate: calendarDate.nullish(),
  familyMembers: text(PROFILE_TEXT_MAX).nullish(),
  expertise: text(PROFILE_TEXT_MAX).nullish(),
  hobbies: text(PROFILE_TEXT_MAX).nullish(),
  personalDevelopment: text(PROFILE_TEXT_MAX).nullish(),
  personality: text(PROFILE_TEXT_MAX).nullish(),
  healthNotes: text(PROFILE_TEXT_MAX).nullish(),
});

export const addAnniversaryInput = z.strictObject({
  kind: z.enum(anniversaryKinds),
  label: text(ANNIVERSARY_LABEL_MAX),
  date: calendarDate.refine((d) => d.getTime() <= LATEST_ANNIVERSARY.getTime(), 'must not be after 2100-12-31'),
});

export type SetPersonProfileInput = z.input<typeof setPersonProfileInput>;
export type AddAnniversaryInput = z.input<typeof addAnniversaryInput>;

/** The profile fields, in the order they are shown and exported. */
export const PROFILE_FIELDS = [
  'gender',
  'birthDate',
  'familyMembers',
  'expertise',
  'hobbies',
  'personalDevelopment',
  'personality',
  'healthNotes',
] as const;
