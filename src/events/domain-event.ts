/**
 * Domain events name what happened as `<module>.<entity>.<action>`. Services
 * emit them inside their transaction; they are written to the outbox in that
 * transaction and delivered to handlers only after it commits.
 */
export interface DomainEvent<TPayload = unknown> {
  /** Outbox sequence number: increases with commit order of emission. */
  id: number;
  name: string;
  /** The account the change belongs to, so delivery can be ordered per account. */
  accountId: string | null;
  payload: TPayload;
  occurredAt: Date;
}

/** Event names are `<module>.<entity>.<action>`, each part camelCase or kebab-case. */
export const EVENT_NAME_PATTERN = /^[a-z][a-zA-Z0-9-]*\.[a-z][a-zA-Z0-9-]*\.[a-z][a-zA-Z0-9-]*$/;
