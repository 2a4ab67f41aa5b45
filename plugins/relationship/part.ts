/**
 * One entity folder's share of the plugin (visits, dossier, care moments,
 * anniversaries, qualification, power map): index.ts merges the parts, so
 * each folder owns its rules, schema, events, jobs and personal data.
 */
import type {
  AccessRules,
  AgendaContribution,
  EventHandlers,
  EventSchemas,
  JobDefinition,
  KamSchemaBuilder,
  PersonalDataHooks,
  SchemaContribution,
  SeedContext,
} from 'kam-graphql/plugin';
import type { RelationshipOptions } from './options.js';

export interface RelationshipPart {
  name: string;
  events?: EventSchemas;
  topics?: EventSchemas;
  access?: AccessRules;
  schema?: (builder: KamSchemaBuilder, contribution: SchemaContribution<RelationshipOptions>) => void;
  on?: EventHandlers<RelationshipOptions>;
  jobs?: readonly JobDefinition<RelationshipOptions>[];
  agenda?: AgendaContribution<RelationshipOptions>;
  personalData?: PersonalDataHooks<RelationshipOptions>;
  /** This part's models of sensitive personal data: the audit trail keeps which fields changed, never the values. */
  withheldAuditValues?: readonly string[];
  /** Demo data of this entity; parts seed in the order index.ts lists them. */
  seed?: (context: SeedContext<RelationshipOptions>) => Promise<void>;
}
