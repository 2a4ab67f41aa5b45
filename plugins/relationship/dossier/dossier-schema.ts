/**
 * GraphQL for the key-person dossier: `Person.profile`, `Person.anniversaries`,
 * the `PersonProfile` and `PersonAnniversary` types and the mutations that
 * write them (the names clients used when the dossier was part of core).
 * Every resolution of a sensitive value is written to the host's
 * sensitive-read log before the value is returned (`loggedRead`,
 * `recordSensitiveRead`).
 */
import {
  AnniversaryKind,
  idOf,
  loggedRead,
  recordSensitiveRead,
  runMutation,
  selectedFieldNames,
  type KamSchemaBuilder,
  type PersonAnniversary as PersonAnniversaryRow,
  type PersonProfile as PersonProfileRow,
  type PluginContext,
  type SchemaContribution,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { ageOn, byMonthDay, nextOccurrence } from './anniversary-dates.js';
import { createDossierService } from './dossier-service.js';

type ProfileText = 'gender' | 'familyMembers' | 'expertise' | 'hobbies' | 'personalDevelopment' | 'personality' | 'healthNotes';

export function registerDossierSchema(builder: KamSchemaBuilder, { core }: SchemaContribution<RelationshipOptions>) {
  const service = (ctx: PluginContext) => createDossierService({ transaction: ctx.transaction, now: ctx.now });

  const AnniversaryKindEnum = builder.enumType(AnniversaryKind, {
    name: 'AnniversaryKind',
    description: 'What a date that matters to a key person marks.',
  });

  const PersonProfile = builder.prismaObject('PersonProfile', {
    description:
      'The private profile of a key person: sensitive personal data, readable only by top management and the ' +
      "account's relationship owner. Every read is logged (see `sensitiveReads`).",
    fields: (t) => {
      const text = (key: ProfileText, description: string) =>
        t.string({
          nullable: true,
          description,
          resolve: loggedRead('profile', (p: PersonProfileRow) => p[key]),
        });
      return {
        gender: text('gender', 'As the person describes it.'),
        birthDate: t.field({
          type: 'DateTime',
          nullable: true,
          description: 'Midnight UTC of the birth day.',
          resolve: loggedRead('profile', (p: PersonProfileRow) => p.birthDate),
        }),
        age: t.int({
          nullable: true,
          description: 'Whole years since the birth date, today.',
          resolve: loggedRead('profile', (p: PersonProfileRow, ctx) => (p.birthDate ? ageOn(p.birthDate, ctx.now()) : null)),
        }),
        familyMembers: text('familyMembers', 'Family members worth knowing about (names, ages, circumstances).'),
        expertise: text('expertise', 'Technical expertise and professional background.'),
        hobbies: text('hobbies', 'Hobbies and interests.'),
        personalDevelopment: text('personalDevelopment', 'Career and personal development goals.'),
        personality: text('personality', 'Personality and preferred way of working together.'),
        healthNotes: text('healthNotes', 'Health-related circumstances that call for care (illness, recovery).'),
        updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
      };
    },
  });

  const PersonAnniversary = builder.prismaNode('PersonAnniversary', {
    id: { field: 'id' },
    // An unknown or removed id resolves to null through node/nodes instead of failing.
    nullable: true,
    description: 'A date that matters to a key person (birthday, company or personal date). Reads are logged.',
    fields: (t) => ({
      kind: t.field({
        type: AnniversaryKindEnum,
        resolve: loggedRead('anniversaries', (a: PersonAnniversaryRow) => a.kind),
      }),
      label: t.string({
        resolve: loggedRead('anniversaries', (a: PersonAnniversaryRow) => a.label),
      }),
      date: t.field({
        type: 'DateTime',
        description: 'Midnight UTC of the day; it comes round every year on its month and day.',
        resolve: loggedRead('anniversaries', (a: PersonAnniversaryRow) => a.date),
      }),
      nextOccurrence: t.field({
        type: 'DateTime',
        description: 'The next time (today included) the date comes round; 29 February falls on the 28th in common years.',
        resolve: loggedRead('anniversaries', (a: PersonAnniversaryRow, ctx) => nextOccurrence(a.date, ctx.now())),
      }),
      person: t.relation('person'),
    }),
  });

  builder.prismaObjectFields('Person', (t) => ({
    profile: t.field({
      type: PersonProfile,
      nullable: true,
      description: 'The private profile; null when none is kept. Restricted and logged.',
      select: (_args, _ctx, nestedSelection) => ({ profile: nestedSelection(true) }),
      resolve: async (person, _args, ctx, info) => {
        await recordSensitiveRead(ctx, info, person.id, selectedFieldNames(info, 'profile'));
        return person.profile;
      },
    }),
    anniversaries: t.field({
      type: [PersonAnniversary],
      description: 'Dates that matter to the person, in calendar order (month, then day). Restricted and logged.',
      select: (_args, _ctx, nestedSelection) => ({ anniversaries: nestedSelection(true) }),
      resolve: async (person, _args, ctx, info) => {
        await recordSensitiveRead(ctx, info, person.id, selectedFieldNames(info, 'anniversaries'));
        return [...person.anniversaries].sort(byMonthDay((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id)));
      },
    }),
  }));

  const PersonProfilePayload = core.errors.payload('PersonProfilePayload', 'profile', PersonProfile);
  const PersonAnniversaryPayload = core.errors.payload('PersonAnniversaryPayload', 'anniversary', PersonAnniversary);

  const SetPersonProfileInput = builder.inputType('SetPersonProfileInput', {
    description: 'Only the fields given change; null clears one. Texts up to 2000 characters, gender up to 50.',
    fields: (t) => ({
      gender: t.string(),
      birthDate: t.field({ type: 'DateTime', description: 'Not in the future; the time of day is dropped.' }),
      familyMembers: t.string(),
      expertise: t.string(),
      hobbies: t.string(),
      personalDevelopment: t.string(),
      personality: t.string(),
      healthNotes: t.string(),
    }),
  });
  const AddPersonAnniversaryInput = builder.inputType('AddPersonAnniversaryInput', {
    fields: (t) => ({
      personId: t.id({ required: true }),
      kind: t.field({ type: AnniversaryKindEnum, required: true }),
      label: t.string({ required: true, description: 'What the date is, up to 200 characters.' }),
      date: t.field({
        type: 'DateTime',
        required: true,
        description: 'From 1900 to 2100 (a birthday not in the future); the time of day is dropped.',
      }),
    }),
  });

  builder.mutationFields((t) => ({
    setPersonProfile: t.field({
      type: PersonProfilePayload,
      description: "Creates or updates a person's private profile.",
      args: { personId: t.arg.id({ required: true }), input: t.arg({ type: SetPersonProfileInput, required: true }) },
      resolve: (_root, { personId, input }, ctx) =>
        runMutation('profile', async () => {
          const id = idOf(personId, 'Person', ['personId']);
          await ctx.access.authorizeRecord('Mutation.setPersonProfile', 'Person', id, ['personId']);
          return service(ctx).setProfile(id, input);
        }),
    }),
    addPersonAnniversary: t.field({
      type: PersonAnniversaryPayload,
      args: { input: t.arg({ type: AddPersonAnniversaryInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('anniversary', async () => {
          const personId = idOf(input.personId, 'Person', ['input', 'personId']);
          await ctx.access.authorizeRecord('Mutation.addPersonAnniversary', 'Person', personId, ['input', 'personId']);
          return service(ctx).addAnniversary(personId, { kind: input.kind, label: input.label, date: input.date });
        }),
    }),
    removePersonAnniversary: t.field({
      type: PersonAnniversaryPayload,
      description: 'Removes an anniversary; returns the removed record.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) =>
        runMutation('anniversary', async () => {
          const anniversaryId = idOf(id, 'PersonAnniversary', ['id']);
          await ctx.access.authorizeRecord('Mutation.removePersonAnniversary', 'PersonAnniversary', anniversaryId, ['id']);
          return service(ctx).removeAnniversary(anniversaryId);
        }),
    }),
  }));
}
