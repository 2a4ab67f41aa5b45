/**
 * Domain events name what happened as `<module>.<entity>.<action>`. Services
 * emit them inside their transaction; they are delivered only after commit,
 * so a handler never sees a change that was rolled back.
 */
export interface DomainEvent<TName extends string = string, TPayload = unknown> {
  name: TName;
  /** The account the change belongs to, so delivery can be ordered per account. */
  accountId: string | null;
  payload: TPayload;
  occurredAt: Date;
}

export type DomainEventHandler = (event: DomainEvent) => void | Promise<void>;

/** In-process delivery of committed events to subscribers (pub/sub, later the health engine). */
export class EventBus {
  private readonly handlers = new Set<DomainEventHandler>();

  subscribe(handler: DomainEventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      for (const handler of this.handlers) {
        try {
          await handler(event);
        } catch (error) {
          // A failing subscriber must not undo or block a committed change.
          console.error(`event handler failed for ${event.name}:`, error instanceof Error ? error.message : error);
        }
      }
    }
  }
}
