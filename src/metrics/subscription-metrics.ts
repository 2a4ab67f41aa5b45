/**
 * Subscriptions open now, over websockets and over HTTP (SSE) alike: one
 * more when a subscription's stream is set up, one less when it ends (the
 * client completed it, its socket closed, or the server ended it).
 */
import type { Plugin } from 'graphql-yoga';
import { Gauge, type Registry } from 'prom-client';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export function createSubscriptionMetrics(registry: Registry): Plugin {
  const active = new Gauge({
    name: 'kam_graphql_active_subscriptions',
    help: 'GraphQL subscriptions open now (websocket and SSE).',
    registers: [registry],
  });
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) return;
          active.inc();
          return { onEnd: () => active.dec() };
        },
      };
    },
  };
}
