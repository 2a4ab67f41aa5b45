/**
 * The API server: graphql-yoga over node:http, graphql-ws on the same port
 * and path (sharing yoga's envelop plugins and context), liveness and
 * readiness endpoints, and a graceful close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ExecutionArgs } from 'graphql';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { createCoreServices } from '../core-services.js';
import { buildSchema } from '../schema/core-schema.js';
import type { GraphQLContext } from '../schema/context.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { createHealthLoader } from '../health/health-loader.js';
import { useErrorCodes } from './error-codes.js';
import { createInProcessPubSub, type KamPubSub } from './pubsub.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface AppOptions {
  config: Pick<AppConfig, 'graphiql' | 'keyAccountMinTenureMonths' | 'shutdownGraceMs'> &
    Partial<Pick<AppConfig, 'dispatchEvents' | 'healthThresholds' | 'healthPeriodicEvery'>>;
  db: Database;
  /** Installed plugins in dependency order (from loadPlugins); only enabled ones run. */
  plugins?: readonly LoadedPlugin[];
  pubsub?: KamPubSub;
  /** Injectable clock, so tests can move time. */
  now?: () => Date;
}

export interface App {
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  /** Dispatcher, health engine and jobs, for operators and tests. */
  runtime: Runtime;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting work, lets in-flight requests finish (up to the grace period), closes sockets. */
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

export function createApp(options: AppOptions): App {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const pubsub = options.pubsub ?? createInProcessPubSub();
  const plugins = options.plugins ?? [];
  const runtime = createRuntime({ prisma: db.prisma, provider: db.provider, now, pubsub, plugins, config });
  const services = createCoreServices({
    prisma: db.prisma,
    transaction: runtime.transaction,
    now,
    rules: { keyAccountMinTenureMonths: config.keyAccountMinTenureMonths },
  });

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema: buildSchema(plugins),
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql ? { subscriptionsProtocol: 'WS' } : false,
    context: (): GraphQLContext => ({
      prisma: db.prisma,
      services,
      pubsub,
      now,
      transaction: runtime.transaction,
      dispatcher: runtime.dispatcher,
      health: runtime.health,
      healthLoader: createHealthLoader(db.prisma),
    }),
    plugins: [useErrorCodes()],
    maskedErrors: {
      // Never echo internals to clients, whatever NODE_ENV says; log them here instead.
      isDev: false,
      maskError: (error, message) => {
        const masked = maskError(error, message, false);
        if (masked !== error) console.error('unexpected error:', error);
        return masked;
      },
    },
    logging: false,
  });

  let inFlight = 0;
  let closing = false;
  const httpServer = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/ready') return ready(res);
    inFlight++;
    res.on('close', () => inFlight--);
    if (closing) res.setHeader('Connection', 'close');
    return yoga(req, res);
  });

  async function ready(res: ServerResponse) {
    try {
      if (closing) throw new Error('shutting down');
      await db.ping();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ready', database: db.provider }));
    } catch {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unavailable' }));
    }
  }

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  type WsExecutionArgs = ExecutionArgs & { rootValue: { execute: (a: ExecutionArgs) => unknown; subscribe: (a: ExecutionArgs) => unknown } };
  useServer(
    {
      execute: (args) => (args as WsExecutionArgs).rootValue.execute(args) as never,
      subscribe: (args) => (args as WsExecutionArgs).rootValue.subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
        // Same envelop pipeline as HTTP: parse, validate, context and plugins.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          return [error as import('graphql').GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );

  return {
    httpServer,
    yoga,
    runtime,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          runtime.start();
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      httpServer.closeAllConnections();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await closed;
      await runtime.stop();
    },
  };
}
