/**
 * Websockets open now, read from the websocket server when scraped (those
 * still waiting for connection_init included): nothing to keep in step.
 */
import { Gauge, type Registry } from 'prom-client';

export function createWebSocketMetrics(registry: Registry, openSockets: () => number): void {
  new Gauge({
    name: 'kam_websockets_open',
    help: 'Websocket connections open now.',
    registers: [registry],
    collect() {
      this.set(openSockets());
    },
  });
}
