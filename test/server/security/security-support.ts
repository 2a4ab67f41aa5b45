/** Small clients for the abuse-limit suites: raw HTTP (status, headers) and graphql-ws with a token. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** POSTs a JSON operation; `token: null` sends no Authorization header. */
export async function postJson(url: string, payload: unknown, options: { token?: string | null; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify(payload),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as HttpResult['body'] };
}

export const codesOf = (body: HttpResult['body']) => (body.errors ?? []).map((e) => e.extensions?.code);

/** A graphql-ws client that sends the token in connection_init's payload, as the API expects. */
export function wsClient(url: string, token?: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export interface WsOutcome {
  results: any[];
  /** GraphQL errors the server answered the operation with (an `error` message). */
  errors: { message: string; extensions?: Record<string, any> }[];
}

/** Runs one operation until the server completes it or refuses it. */
export function runOverWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsOutcome> {
  const results: any[] = [];
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query, variables },
      {
        next: (value) => results.push(value),
        error: (error) => (Array.isArray(error) ? resolve({ results, errors: error }) : reject(error)),
        complete: () => resolve({ results, errors: [] }),
      },
    );
  });
}

/**
 * Subscribes and reports whether the server accepted the operation: a refused
 * one is answered with an error at once; an accepted subscription stays open
 * and is given the time of two round trips on the same socket to be refused.
 */
export async function trySubscribe(client: Client, query: string): Promise<WsOutcome & { accepted: boolean }> {
  const results: any[] = [];
  let refusal: WsOutcome['errors'] | undefined;
  const dispose = client.subscribe(
    { query },
    { next: (value) => results.push(value), error: (error) => (refusal = Array.isArray(error) ? error : [{ message: String(error) }]), complete: () => undefined },
  );
  // Twice: a refusal of the first message is sent long before the second round trip ends.
  await runOverWs(client, '{ __typename }');
  await runOverWs(client, '{ __typename }');
  dispose();
  return { results, errors: refusal ?? [], accepted: refusal === undefined };
}
