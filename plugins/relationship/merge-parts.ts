/**
 * Merges the entity folders' parts into one plugin definition. A name
 * claimed by two parts (an access rule, an event, a handler, a job) is a
 * programming error and stops the import, naming both parts.
 */
import type { AgendaContribution, AgendaItem, EventName, PluginDefinition } from 'kam-graphql/plugin';
import type { RelationshipOptions } from './options.js';
import type { RelationshipPart } from './part.js';

type Merged = Pick<
  PluginDefinition<RelationshipOptions>,
  'events' | 'topics' | 'access' | 'schema' | 'on' | 'jobs' | 'agenda' | 'personalData' | 'withheldAuditValues' | 'seed'
>;

function mergeRecords<T>(parts: readonly RelationshipPart[], pick: (part: RelationshipPart) => Readonly<Record<string, T>> | undefined, what: string): Record<string, T> {
  const merged: Record<string, T> = {};
  const owner = new Map<string, string>();
  for (const part of parts) {
    for (const [key, value] of Object.entries(pick(part) ?? {})) {
      if (owner.has(key)) throw new Error(`relationship: ${what} ${key} is claimed by both ${owner.get(key)} and ${part.name}`);
      owner.set(key, part.name);
      merged[key] = value;
    }
  }
  return merged;
}

export function mergeParts(parts: readonly RelationshipPart[]): Merged {
  const agendas = parts.flatMap((p) => (p.agenda ? [p.agenda] : []));
  const personal = parts.flatMap((p) => (p.personalData ? [{ name: p.name, hooks: p.personalData }] : []));
  const jobs = Object.values(mergeRecords(parts, (p) => Object.fromEntries((p.jobs ?? []).map((j) => [j.name, j])), 'job'));
  const agenda: AgendaContribution<RelationshipOptions> = {
    changedBy: [...new Set(agendas.flatMap((a) => a.changedBy ?? []))] as EventName[],
    async items(query, runtime) {
      const lists: AgendaItem[][] = [];
      for (const a of agendas) lists.push(await a.items(query, runtime));
      return lists.flat();
    },
  };
  return {
    events: mergeRecords(parts, (p) => p.events, 'event') as Merged['events'],
    topics: mergeRecords(parts, (p) => p.topics, 'topic') as Merged['topics'],
    access: mergeRecords(parts, (p) => p.access, 'access rule'),
    on: mergeRecords(parts, (p) => p.on as Record<string, unknown> | undefined, 'handler') as Merged['on'],
    jobs,
    agenda,
    withheldAuditValues: [...new Set(parts.flatMap((p) => p.withheldAuditValues ?? []))],
    schema(builder, contribution) {
      for (const part of parts) part.schema?.(builder, contribution);
    },
    personalData: {
      // One section per part, so an export says which entity holds what.
      async export(personId, ctx) {
        const sections: Record<string, unknown> = {};
        for (const { name, hooks } of personal) {
          const data = await hooks.export(personId, ctx);
          if (Object.keys(data).length > 0) sections[name] = data;
        }
        return sections;
      },
      async erase(personId, ctx) {
        const auditRecords: { entityType: string; entityId: string }[] = [];
        for (const { hooks } of personal) {
          const erased = await hooks.erase(personId, ctx);
          if (erased?.auditRecords) auditRecords.push(...erased.auditRecords);
        }
        return { auditRecords };
      },
      async auditRecords(personId, ctx) {
        const records: { entityType: string; entityId: string }[] = [];
        for (const { hooks } of personal) if (hooks.auditRecords) records.push(...(await hooks.auditRecords(personId, ctx)));
        return records;
      },
    },
    async seed(context) {
      for (const part of parts) await part.seed?.(context);
    },
  };
}
