/** A graphql-ws client that collects what a subscription delivers. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription {
  received: any[];
  errors: unknown[];
  /** The server ended the subscription. */
  completed(): boolean;
  /** Resolves once `count` results have arrived (bounded by attempts, not by a timer assertion). */
  waitFor(count: number, attempts?: number): Promise<void>;
  dispose(): void;
}

/** A client that authenticates in connection_init with the given bearer token. */
export function liveClient(wsUrl: string, token: string): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
  });
}

export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): LiveSubscription {
  const received: any[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe(
    { query, variables },
    { next: (v) => received.push(v), error: (e) => errors.push(e), complete: () => (completed = true) },
  );
  return {
    received,
    errors,
    dispose,
    completed: () => completed,
    async waitFor(count, attempts = 400) {
      for (let i = 0; i < attempts && received.length < count && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
      if (received.length < count) throw new Error(`expected ${count} result(s), got ${received.length}`);
    },
  };
}

/**
 * graphql-ws has no "subscribed" acknowledgement: an operation answered on
 * the same socket after the subscribe message shows the server has it.
 */
export async function roundTrip(client: Client): Promise<void> {
  await new Promise<void>((resolve, reject) => client.subscribe({ query: '{ __typename }' }, { next: () => undefined, error: reject, complete: resolve }));
}

export const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':').slice(1).join(':');
