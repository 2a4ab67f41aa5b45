/**
 * GraphQL for the power map: `Account.relationshipMap` (people, their
 * standing, authority and last top-level contact, and who reports to whom),
 * loaded for a whole page of accounts in one batch, and `setPersonStanding`.
 */
import {
  idOf,
  InfluenceLevel,
  RelationshipStrength,
  runMutation,
  type KamSchemaBuilder,
  type PluginContext,
  type SchemaContribution,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { powerMapStaff, relationshipMaps } from './power-map-load.js';
import type { ManAuthorityOnMap, RelationshipMap, RelationshipMapEdge, RelationshipMapNode, TopContact } from './power-map-model.js';
import { createPowerMapService, type StandingResult } from './power-map-service.js';

export const SET_PERSON_STANDING = 'Mutation.setPersonStanding';

export function registerPowerMapSchema(builder: KamSchemaBuilder, { core }: SchemaContribution<RelationshipOptions>) {
  const InfluenceLevelEnum = builder.enumType(InfluenceLevel, {
    name: 'InfluenceLevel',
    description: "How much a person weighs in the account's decisions, as the relationship owner judges it.",
  });
  const RelationshipStrengthEnum = builder.enumType(RelationshipStrength, {
    name: 'RelationshipStrength',
    description: 'How strong our relationship with a person is, as the relationship owner judges it.',
  });

  const PowerMapAuthority = builder.objectRef<ManAuthorityOnMap>('PowerMapAuthority').implement({
    description: "What the account's current MAN assessment says of a person's decision authority.",
    fields: (t) => ({
      holdsAuthority: t.exposeBoolean('holdsAuthority', { description: 'Named by the current assessment as holding decision authority.' }),
      directTopRelationship: t.exposeBoolean('directTopRelationship', {
        nullable: true,
        description: 'For a person holding authority: whether our top management has a direct relationship with them; null otherwise.',
      }),
    }),
  });

  const TopContactRef = builder.objectRef<TopContact>('PowerMapTopContact').implement({
    description: 'The last DONE visit at which a top-level staff member (by their level at the visit) met the person.',
    fields: (t) => ({
      at: t.expose('at', { type: 'DateTime' }),
      staff: t.field({
        type: core.Staff,
        description: 'A top-level staff member who went (the first by id when several did).',
        resolve: async (c, _args, ctx) => (await powerMapStaff(ctx).load(c.staffId))!,
      }),
    }),
  });

  const MapNode = builder.objectRef<RelationshipMapNode>('RelationshipMapNode').implement({
    description: 'A person of the account on its power map.',
    fields: (t) => ({
      person: t.field({ type: core.Person, resolve: (n) => n.person }),
      decisionRole: t.field({ type: core.DecisionRoleEnum, resolve: (n) => n.person.decisionRole }),
      isKeyPerson: t.boolean({ resolve: (n) => n.person.isKeyPerson }),
      influence: t.field({ type: InfluenceLevelEnum, nullable: true, description: 'Null until judged.', resolve: (n) => n.influence }),
      strength: t.field({ type: RelationshipStrengthEnum, nullable: true, description: 'Null until judged.', resolve: (n) => n.strength }),
      manAuthority: t.field({
        type: PowerMapAuthority,
        nullable: true,
        description: 'Null when the account has no MAN assessment.',
        resolve: (n) => n.manAuthority,
      }),
      lastTopContact: t.field({ type: TopContactRef, nullable: true, description: 'Null when top management never met them.', resolve: (n) => n.lastTopContact }),
    }),
  });

  const MapEdge = builder.objectRef<RelationshipMapEdge>('RelationshipMapEdge').implement({
    description: 'A reporting line: `from` reports to `to`.',
    fields: (t) => ({
      from: t.field({ type: core.Person, resolve: (e) => e.from }),
      to: t.field({ type: core.Person, resolve: (e) => e.to }),
    }),
  });

  const MapRef = builder.objectRef<RelationshipMap>('RelationshipMap').implement({
    description: "The account's power map: its people (by name) and the reporting lines between them (relationship plugin).",
    fields: (t) => ({
      nodes: t.field({ type: [MapNode], resolve: (m) => m.nodes }),
      edges: t.field({ type: [MapEdge], resolve: (m) => m.edges }),
    }),
  });

  builder.prismaObjectField(core.Account, 'relationshipMap', (t) =>
    t.field({
      type: MapRef,
      description: "Who decides at the account and how we stand with them; a page of accounts costs the same statements as one (relationship plugin).",
      resolve: (account, _args, ctx) => relationshipMaps(ctx).load(account.id),
    }),
  );

  const PersonStandingRef = builder.objectRef<StandingResult>('PersonStanding').implement({
    description: "A person's influence and our relationship strength, as the relationship owner judges them.",
    fields: (t) => ({
      person: t.field({ type: core.Person, resolve: (s) => s.person }),
      influence: t.field({ type: InfluenceLevelEnum, nullable: true, resolve: (s) => s.standing.influence }),
      strength: t.field({ type: RelationshipStrengthEnum, nullable: true, resolve: (s) => s.standing.strength }),
      updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.standing.updatedAt }),
      updatedBy: t.field({
        type: core.Staff,
        nullable: true,
        description: 'Who judged last; null when a service caller set it.',
        resolve: (s, _args, ctx) => (s.standing.updatedById ? powerMapStaff(ctx).load(s.standing.updatedById) : null),
      }),
    }),
  });

  const SetPersonStandingInput = builder.inputType('SetPersonStandingInput', {
    fields: (t) => ({
      personId: t.id({ required: true }),
      influence: t.field({ type: InfluenceLevelEnum, description: 'Omitted: unchanged; null: not judged.' }),
      strength: t.field({ type: RelationshipStrengthEnum, description: 'Omitted: unchanged; null: not judged.' }),
    }),
  });

  const SetPersonStandingPayload = core.errors.payload('SetPersonStandingPayload', 'standing', PersonStandingRef);

  const service = (ctx: PluginContext) => createPowerMapService({ transaction: ctx.transaction, now: ctx.now });

  builder.mutationFields((t) => ({
    setPersonStanding: t.field({
      type: SetPersonStandingPayload,
      description: "Sets a person's influence and/or relationship strength on the account's power map.",
      args: { input: t.arg({ type: SetPersonStandingInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        runMutation('standing', async () => {
          const personId = idOf(input.personId, 'Person', ['input', 'personId']);
          // A person one cannot see is "not found"; one seen but outside this operation's reach is forbidden.
          await ctx.access.authorizeRecord(SET_PERSON_STANDING, 'Person', personId, ['input', 'personId']);
          return service(ctx).setStanding({ ...input, personId }, ctx.viewer.kind === 'staff' ? ctx.viewer.staffId : null);
        }),
    }),
  }));

  return { InfluenceLevelEnum, RelationshipStrengthEnum };
}
