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
