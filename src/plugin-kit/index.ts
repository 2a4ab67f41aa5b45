/**
 * The plugin kit: everything a plugin uses of the host, from one entry
 * point, `kam-graphql/plugin`, for the plugins of this repository and for
 * partner packages alike. Nothing else of src/ is a plugin's to import (a
 * lint rule says so). See docs/writing-a-plugin.md.
 */

// The contract
export { definePlugin } from '../plugins/contract.js';
export type {
  AgendaContribution,
  AgendaItem,
  AuditRecordRef,
  AgendaQuery,
  BatchEventHandler,
  EventHandler,
  EventHandlers,
  JobDefinition,
  KamPlugin,
  PersonalDataContext,
  PersonalDataErasure,
  PersonalDataHooks,
  PluginContext,
  PluginDefinition,
  PluginRuntime,
  PluginServiceDirectory,
  SchemaContribution,
  SeedContext,
  ServiceContext,
  StaveContext,
  StaveDefinition,
  StaveFactor,
  StaveScore,
} from '../plugins/contract.js';
export { weightedScore } from '../health/stave.js';

// Events, topics and transactions
export { defineEvents, InvalidEventPayloadError, type EmittedPayload, type EventName, type EventPayload, type EventSchemas, type PayloadsOf } from '../events/event-catalog.js';
export type { DomainEvent } from '../events/domain-event.js';
export type { Emit, RunInTransaction, Transaction } from '../events/unit-of-work.js';

// Access
export type { AccessControl } from '../auth/access-control.js';
export type { AccessRule, AccessRules, Reach } from '../auth/access-rules.js';
export { administratorsOnly, keyPersonPrivate, readPortfolio, salesManagement, teamWrite, topManagement } from '../auth/access-presets.js';
export type { Actor } from '../auth/actor.js';
export type { Viewer } from '../auth/viewer.js';

// Errors and input
export { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldIssue } from '../errors/domain-errors.js';
export { parseInput } from '../errors/validate.js';
export { badUserInput } from '../errors/bad-input.js';
export { isUniqueViolation, translatePrismaError } from '../errors/prisma-errors.js';

// GraphQL
export type { KamSchemaBuilder, KamTypes } from '../schema/builder.js';
export type { CoreSchemaRefs } from '../schema/core-schema-refs.js';
export { runMutation, type UserErrorShape } from '../schema/mutation-errors.js';
export { encodeGlobalId, idOf } from '../schema/global-id.js';
export { relationConnection, rootConnection } from '../schema/connections/connection-fields.js';
export type { SortKey } from '../schema/connections/keyset.js';
export type { RequestLoaders } from '../schema/request-loaders.js';

// Live
export { liveSubscription } from '../live/live-fields.js';
export type { OutboxTopicMessage } from '../live/outbox-topics.js';

// Privacy
export { loggedRead, recordSensitiveRead, selectedFieldNames } from '../people/sensitive-read-log.js';
/** Before writing personal data about a person: refuses an erased one, safe against an erasure running at the same time. */
export { lockNotErased } from '../people/person-service.js';
/** For `personalData.auditRecords`: the rows of a model whose audit entries name the person (deleted ones included). */
export { auditedRecordsOf } from '../people/personal-data-service.js';

// Demo data: the seeded generator core's demo uses, so a plugin's demo is reproducible from the seed number
export { createRng, type Rng } from '../demo/random.js';

// The database: the client type, the enums and row types of every installed model
export * from '../generated/prisma-sqlite/enums.js';
export type * from '../generated/prisma-sqlite/client.js';

// The host's copies of the libraries a plugin's options, inputs and loaders use
export { z } from 'zod';
export { default as DataLoader } from 'dataloader';
