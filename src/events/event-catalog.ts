/**
 * Every event and live topic name with its payload schema: core's, declared
 * in leaf modules next to the services that emit them, and each enabled
 * plugin's. `emit` checks a payload against it inside the transaction (a
 * payload that does not fit is a bug, and rolls the change back); handlers
 * of another module's events receive the payload parsed by the declaring
 * module's schema.
 *
 * Payload types are known to TypeScript through the global interface
 * `KamEventPayloads`, which each module extends with its own declarations:
 *
 *   export const invoiceEvents = defineEvents({ 'payment-discipline.invoice.paid': z.object({ invoiceId: z.string() }) });
 *   declare global { interface KamEventPayloads extends PayloadsOf<typeof invoiceEvents> {} }
 */
import type { z } from 'zod';

declare global {
  /** Event and topic names with their payloads; extended by core's event modules and by plugins. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface KamEventPayloads {}
}

export type EventSchemas = Readonly<Record<string, z.ZodType>>;

/**
 * The payload types of a set of schemas, for `interface KamEventPayloads extends PayloadsOf<...>`:
 * what `emit` takes (the schema's input, defaults optional) and what handlers get (its output).
 */
export type PayloadsOf<T extends EventSchemas> = { [N in keyof T]: { emitted: z.input<T[N]>; handled: z.output<T[N]> } };

/** Declares events (or topics) with their payload schemas; the names are kept as literal types. */
export function defineEvents<const T extends EventSchemas>(schemas: T): T {
  return schemas;
}

export type EventName = keyof KamEventPayloads & string;
type Declared<N extends EventName> = KamEventPayloads[N] extends { emitted: unknown; handled: unknown } ? KamEventPayloads[N] : never;
/** The payload a handler of `N` receives, as the declaring module's schema parsed it. */
export type EventPayload<N extends EventName> = Declared<N>['handled'];
/** The payload `emit` takes for `N`, before the schema applies its defaults. */
export type EmittedPayload<N extends EventName> = Declared<N>['emitted'];

/** Event names are `<module>.<entity>.<action>`, each part camelCase or kebab-case. */
export const EVENT_NAME_PATTERN = /^[a-z][a-zA-Z0-9-]*\.[a-z][a-zA-Z0-9-]*\.[a-z][a-zA-Z0-9-]*$/;

/** Live topic names are `<module>:<name>`; stored in the outbox like events, but never handled as events. */
export const TOPIC_NAME_PATTERN = /^[a-z][a-zA-Z0-9-]*:[a-z][a-zA-Z0-9]*$/;

export function isTopicName(name: string): boolean {
  return name.includes(':');
}

/** Thrown inside the emitting transaction, so it rolls back: a payload that does not fit its declaration is a bug. */
export class InvalidEventPayloadError extends Error {
  constructor(name: string, detail: string) {
    super(`event ${name}: payload does not match its declaration: ${detail}`);
  }
}

interface Entry {
  owner: string;
  schema: z.ZodType;
}

export class EventCatalog {
  readonly #entries = new Map<string, Entry>();

  /** Adds `owner`'s declarations; a name declared twice names both owners. */
  add(owner: string, schemas: EventSchemas): this {
    for (const [name, schema] of Object.entries(schemas)) {
      const existing = this.#entries.get(name);
      if (existing) throw new Error(`event ${name} is already declared by ${existing.owner}`);
      this.#entries.set(name, { owner, schema });
    }
    return this;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  ownerOf(name: string): string | undefined {
    return this.#entries.get(name)?.owner;
  }

  names(): string[] {
    return [...this.#entries.keys()];
  }

  /** The payload as its schema reads it; throws InvalidEventPayloadError when it does not fit or the name is unknown. */
  parse(name: string, payload: unknown): unknown {
    const entry = this.#entries.get(name);
    if (!entry) throw new InvalidEventPayloadError(name, 'no module declares it');
    const result = entry.schema.safeParse(payload);
    if (!result.success) throw new InvalidEventPayloadError(name, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
    return result.data;
  }
}
