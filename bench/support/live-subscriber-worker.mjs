/**
 * One share of bench/live-subscribers.ts's dashboards, in a worker thread:
 * with 10,000 sockets in one thread the client's own parsing queued
 * messages behind each other and counted as the server's latency. Each
 * worker holds its share of graphql-ws clients (one websocket and one
 * `portfolioHealthChanged` subscription each) and measures, as each message
 * arrives, the time since the change's computedAt.
 *
 * Messages from the benchmark:
 *   { type: 'open', url, tokens, count }  open `count` more subscribers; answers { type: 'opened', total }
 *   { type: 'collect', timeoutMs }       wait until every subscriber has a message it has not reported yet (or the timeout);
 *                                         answers { type: 'collected', latencies, missing, errors } and marks them reported
 *   { type: 'close' }                     dispose every client; answers { type: 'closed' }
 */
import { parentPort } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const SUBSCRIPTION = 'subscription { portfolioHealthChanged { id current { score computedAt } account { id name } } }';
/** @type {{ client: import('graphql-ws').Client, latencies: number[], reported: number }[]} */
const subscribers = [];
let errors = 0;

async function open(url, tokens, count) {
  for (let i = 0; i < count; i += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, count - i) }, async () => {
        const token = tokens[subscribers.length % tokens.length];
        const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
        const subscriber = { client, latencies: [], reported: 0 };
        subscribers.push(subscriber);
        await new Promise((resolve, reject) => {
          client.on('connected', () => resolve());
          client.on('error', reject);
        });
        client.subscribe(
          { query: SUBSCRIPTION },
          {
            next: (result) => {
              const computedAt = result.data.portfolioHealthChanged.current.computedAt;
              subscriber.latencies.push(Date.now() - Date.parse(computedAt));
            },
            error: (error) => {
              errors++;
              console.error('subscription error', error);
            },
            complete: () => undefined,
          },
        );
      }),
    );
  }
}

async function collect(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && subscribers.some((s) => s.latencies.length <= s.reported)) await sleep(20);
  const latencies = [];
  let missing = 0;
  for (const s of subscribers) {
    if (s.latencies.length <= s.reported) missing++;
    for (let i = s.reported; i < s.latencies.length; i++) latencies.push(s.latencies[i]);
    s.reported = s.latencies.length;
  }
  return { latencies, missing, errors };
}

parentPort.on('message', async (message) => {
  if (message.type === 'open') {
    await open(message.url, message.tokens, message.count);
    parentPort.postMessage({ type: 'opened', total: subscribers.length });
  } else if (message.type === 'collect') {
    parentPort.postMessage({ type: 'collected', ...(await collect(message.timeoutMs)) });
  } else if (message.type === 'close') {
    await Promise.all(subscribers.map((s) => s.client.dispose()));
    parentPort.postMessage({ type: 'closed' });
  }
});
