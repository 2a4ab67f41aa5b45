/**
 * A TCP proxy in front of a real server (PostgreSQL, Redis), so a test can
 * take the server away from whoever connects through the proxy and give it
 * back: cut() drops every connection and refuses new ones, restore() lets
 * them through again. The server behind it is never touched, so other
 * tests sharing it are not disturbed.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** `targetUrl` with the proxy's host and port. */
  urlFor(targetUrl: string): string;
  /** Connections refused while cut. */
  readonly refused: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let passing = true;
  let refused = 0;
  const server = createServer((client) => {
    if (!passing) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const cut = () => {
    passing = false;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: address.port,
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(address.port);
      return url.toString();
    },
    get refused() {
      return refused;
    },
    cut,
    restore() {
      passing = true;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
