/**
 * The API server: graphql-yoga over node:http, graphql-ws on the same port
 * and path (sharing yoga's envelop plugins and context), liveness and
 * readiness endpoints, Prometheus metrics (src/metrics/), and a graceful close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { AccessControl } from '../auth/access-control.js';
import { bearerToken, createAuthenticator, refreshViewer, viewerFromToken } from '../auth/authenticate.js';
import { createTokenVerifier, type TokenSettings, type VerifiedToken } from '../auth/tokens.js';
import { actorOf, type Viewer } from '../auth/viewer.js';
import { accessRulesFor } from '../schema/core-schema.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { createCoreServices } from '../core-services.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import { useAuditedWrites } from './audited-writes.js';
import { buildSchema } from '../schema/core-schema.js';
import { CORE_REQUEST, type GraphQLContext } from '../schema/context.js';
import type { CoreRequest } from './core-request.js';
import { createServiceDirectory, personalDataHooksOf } from '../plugins/plugin-runtime.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { RequestLoaders } from '../schema/request-loaders.js';
import { LiveRelay } from '../live/live-relay.js';
import { useSharedLiveResults, type SharedResultStats } from '../live/shared-results.js';
import { setLiveSocket } from '../live/live-socket.js';
import { accountChangedTopic } from '../accounts/account-changes.js';
import { healthChangedTopic } from '../health/health-topic.js';
import { SERVICE_UNAVAILABLE, ServiceUnavailableError, unavailabilityOf } from '../errors/service-unavailable.js';
import { deriveCursorSecret } from '../auth/signing-secret.js';
import { createCursorCodec } from '../schema/connections/cursor-codec.js';
import { useErrorCodes } from './error-codes.js';
import { GRAPHIQL_OPTIONS, offlineGraphiQL } from './graphiql.js';
import { createSiteRoutes, DOCS_PREFIX, SCHEMA_PATH } from './site-routes.js';
import { createAppMetrics, DEFAULT_METRICS_CONFIG, METRICS_PATH } from '../metrics/app-metrics.js';
import { createInProcessPubSub, type KamPubSub, type PubSubHandle } from './pubsub.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createSecurity } from './security/security.js';
import type { SecurityOptions } from './security/security-config.js';
import { logger } from '../log.js';

export interface AppOptions {
  config: Pick<AppConfig, 'graphiql' | 'keyAccountMinTenureMonths' | 'shutdownGraceMs'> & {
    /** How bearer tokens are verified (secret or JWKS, issuer, audience). */
    auth: TokenSettings;
    /** Signs connection cursors; derived from auth.jwtSecret when not given. */
    cursorSecret?: string;
  } &
    Partial<Pick<AppConfig, 'dispatchEvents' | 'healthThresholds' | 'healthPeriodicEvery'>> &
    /** Abuse limits (defaults in src/server/security/security-config.ts); with redisUrl the rate limit is shared over Redis. */
    Partial<Pick<AppConfig, 'redisUrl' | 'pubsubPrefix'>> & { security?: SecurityOptions } &
    /** GET /metrics (src/metrics/); open when not given, as outside production. */
    Partial<Pick<AppConfig, 'metrics'>>;
  db: Database;
  /** The pub/sub a process runs with (main.ts); its state changes let live subscribers catch up after an outage. */
  pubsubHandle?: PubSubHandle;
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
  /** The instance's live relay, and what sharing results across its subscribers saved. */
  live: { relay: LiveRelay; results: SharedResultStats };
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting work, lets in-flight requests finish (up to the grace period), closes sockets. */
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

/** How often, over Redis, live subscribers' relay reads storage for messages it missed. */
const LIVE_CATCH_UP_MS = 5000;

/** HTTP status hints mean nothing on a websocket; clients see only the code and message. */
function withoutHttpDetails(error: GraphQLError): GraphQLError {
  if (!error.extensions?.http) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

/** One log line per kind of unavailability per second, however many requests fail with it. */
const lastLogged = new Map<string, number>();
function logUnavailable(reason: string): void {
  const now = Date.now();
  if ((lastLogged.get(reason) ?? 0) > now - 1000) return;
  lastLogged.set(reason, now);
  logger.warn(`service unavailable: ${reason}; clients are told to retry`);
}

/**
 * What a websocket emits as an error is the client's doing (a message over
 * the size limit, a broken frame): ws has already closed the socket with the
 * fitting code (1009, 1002). graphql-ws logs each with a stack trace as an
 * "internal error"; one warning line says it instead, and a socket still
 * open is closed as graphql-ws would (1011).
 */
function reportSocketErrors(socket: import('ws').WebSocket): void {
  for (const listener of socket.listeners('error')) socket.off('error', listener as (error: Error) => void);
  socket.on('error', (error) => {
    logger.warn(`websocket: ${error.message}; the connection is closed`);
    if (socket.readyState === socket.OPEN) socket.close(1011, 'Internal server error');
  });
}

/** Yoga's message for an error it masks. */
const MASKED_MESSAGE = 'Unexpected error.';

/** Never echo internals to clients, whatever NODE_ENV says; log them here instead. */
function maskInternalError(error: unknown, message: string): Error {
  // The database away, its pool exhausted, a transaction that could not start: retryable, and said so.
  const unavailable = unavailabilityOf(error);
  if (unavailable) {
    logUnavailable(unavailable);
    return new ServiceUnavailableError(unavailable);
  }
  const masked = maskError(error, message, false);
  if (masked !== error) logger.error('unexpected error:', error);
  return masked;
}

/** A result's errors as yoga masks those of the results it streams. */
function masked(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map((e) => maskInternalError(e, MASKED_MESSAGE) as GraphQLError) } : result;
}

/** Status codes and headers (503 + Retry-After, 429) are HTTP's: a websocket client gets the code and message. */
function forWebSocket(result: ExecutionResult): ExecutionResult {
  return result.errors?.some((e) => e.extensions?.http) ? { ...result, errors: result.errors.map(withoutHttpDetails) } : result;
}

/** Timers cannot wait longer than about 24.8 days, so long-lived tokens are re-checked on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Closes a websocket (4401) when its token expires, on the app's clock. */
function closeOnExpiry(socket: import('ws').WebSocket, expiresAt: Date, now: () => Date): void {
  let timer: NodeJS.Timeout;
  const check = () => {
    const left = expiresAt.getTime() - now().getTime();
    if (left <= 0) return socket.close(4401, 'Token expired');
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  check();
  socket.once('close', () => clearTimeout(timer));
}

export function createApp(options: AppOptions): App {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const pubsub = options.pubsubHandle?.pubsub ?? options.pubsub ?? createInProcessPubSub();
  const plugins = options.plugins ?? [];
  const metrics = createAppMetrics({
    config: config.metrics ?? DEFAULT_METRICS_CONFIG,
    db,
    now,
    routes: { paths: [GRAPHQL_PATH, '/health', '/ready', METRICS_PATH, '/', SCHEMA_PATH], prefixes: [DOCS_PREFIX] },
    eventHandlers: () => runtime.dispatcher.handlerNames,
    openWebSockets: () => wsServer.clients.size,
  });
  const runtime = createRuntime({ prisma: db.prisma, provider: db.provider, now, pubsub, plugins, config, onHealthRecomputed: metrics.onHealthRecomputed });
  const live = new LiveRelay({
    prisma: db.prisma,
    transport: { subscribe: (topic) => pubsub.subscribe(topic as never), onStateChange: options.pubsubHandle?.onStateChange },
    topics: [accountChangedTopic, healthChangedTopic, ...runtime.liveTopics],
    // Over Redis a publisher may lose its link while subscribers keep theirs: read storage for what they missed now and then.
    catchUpEveryMs: options.pubsubHandle?.kind === 'redis' ? LIVE_CATCH_UP_MS : undefined,
    log: (message) => logger.warn(message),
  });
  const liveResults: SharedResultStats = { executions: 0, results: 0, serialisations: 0, frames: 0 };
  const personalDataHooks = personalDataHooksOf(plugins);
  const servicesFor = (transaction: RunInTransaction) =>
    createCoreServices({
      prisma: db.prisma,
      transaction,
      now,
      rules: { keyAccountMinTenureMonths: config.keyAccountMinTenureMonths },
      personalDataHooks,
    });
  // Queries never write; mutations get services bound to their caller (useAuditedWrites).
  const services = servicesFor(runtime.transaction);

  const authenticator = createAuthenticator(createTokenVerifier(config.auth), db.prisma);
  const cursorSecret = config.cursorSecret ?? (config.auth.jwtSecret ? deriveCursorSecret(config.auth.jwtSecret) : undefined);
  if (!cursorSecret) throw new Error('Invalid configuration: CURSOR_SECRET is needed to sign connection cursors when tokens are verified with a JWKS');
  const cursors = createCursorCodec(cursorSecret);
  const accessRules = accessRulesFor(plugins);

  /** HTTP requests authenticate by header; websocket operations reuse the token verified at connection_init. */
  async function viewerFor(initial: Record<string, unknown>): Promise<Viewer> {
    const connectionToken = initial.connectionToken as VerifiedToken | undefined;
    if (connectionToken) return viewerFromToken(connectionToken, db.prisma);
    const request = initial.request as Request | undefined;
    return authenticator.viewer(request, now());
  }

  const security = createSecurity({
    requestSubject: (request) => authenticator.requestSubject(request, now()),
    security: config.security,
    redisUrl: config.redisUrl,
    redisPrefix: config.pubsubPrefix,
  });
  const schema = buildSchema(plugins);
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.graphiql ? GRAPHIQL_OPTIONS : false,
    renderGraphiQL: offlineGraphiQL(),
    context: async (initial): Promise<GraphQLContext> => {
      const viewer = await viewerFor(initial);
      const context: GraphQLContext = {
        viewer,
        access: new AccessControl(viewer, accessRules, db.prisma, (current) => refreshViewer(current, db.prisma)),
        actor: actorOf(viewer),
        prisma: db.prisma,
        now,
        transaction: runtime.transaction,
        loaders: new RequestLoaders(),
        // Made on first use, so a mutation's services get its caller-bound transaction (useAuditedWrites).
        plugins: createServiceDirectory(plugins, { prisma: db.prisma, now, transaction: () => context.transaction }),
        live,
        cursors,
        [CORE_REQUEST]: { services, dispatcher: runtime.dispatcher, agenda: runtime.agenda } satisfies CoreRequest,
      };
      return context;
    },
    plugins: [
      useErrorCodes(),
      ...security.plugins,
      useAuditedWrites(runtime, servicesFor),
      // Live results written straight to graphql-ws sockets get what yoga and the socket's `next` hook would do to them.
      useSharedLiveResults({ stats: liveResults, prepareForSocket: (result) => forWebSocket(masked(result)) }),
      ...metrics.plugins,
    ],
    maskedErrors: { isDev: false, maskError: maskInternalError },
    logging: false,
  });

  // `/`, the printed schema (only where introspection is on) and the docs.
  const siteRoutes = createSiteRoutes({
    graphqlPath: GRAPHQL_PATH,
    healthPath: '/health',
    readyPath: '/ready',
    graphiql: config.graphiql,
    schema: security.config.introspection ? schema : undefined,
  });

  /** Responses being worked on: on close they finish, and their connections are not kept alive. */
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  const httpServer = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    metrics.observeRequest(req, res);
    if (closing) return refuseWhileClosing(res);
    if (req.url === '/ready') return ready(res);
    if (metrics.serve(req, res)) return;
    if (siteRoutes(req, res)) return;
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    if (!(await security.admitRequestBody(req, res))) return;
    return yoga(req, res);
  });

  /** A request that arrives once the server is stopping (on a kept-alive connection) is not run: another instance should. */
  function refuseWhileClosing(res: ServerResponse) {
    res.shouldKeepAlive = false;
    res
      .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', connection: 'close' })
      .end(JSON.stringify({ errors: [{ message: 'The server is shutting down; retry on another instance.', extensions: { code: SERVICE_UNAVAILABLE } }] }));
  }

  async function ready(res: ServerResponse) {
    try {
      if (closing) throw new Error('shutting down');
      await db.ping();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ready', database: db.provider }));
    } catch {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unavailable' }));
    }
  }

  // A larger message closes the socket with 1009 (message too big). No permessage-deflate: live
  // messages are small and many, and compressing each for each socket would cost more than it saves.
  const wsServer = new WebSocketServer({ noServer: true, path: GRAPHQL_PATH, maxPayload: security.config.maxWsMessageBytes, perMessageDeflate: false });
  // Upgrades are handed over here rather than with `server: httpServer`: attached, ws re-emits the
  // HTTP server's errors (a port in use) as its own, which graphql-ws reports as an internal error.
  httpServer.on('upgrade', (req, socket, head) =>
    wsServer.handleUpgrade(req, socket, head, (ws) => {
      wsServer.emit('connection', ws, req);
      reportSocketErrors(ws);
    }),
  );
  type WsExtra = { token?: VerifiedToken };
  type WsExecutionArgs = ExecutionArgs & { rootValue: { execute: (a: ExecutionArgs) => unknown; subscribe: (a: ExecutionArgs) => unknown } };
  useServer(
    {
      // Counts websocket operations; these hooks return nothing, so they change no message.
      ...metrics.webSocketHooks,
      execute: (args) => (args as WsExecutionArgs).rootValue.execute(args) as never,
      // Status codes and headers (503 + Retry-After, 429) are HTTP's: a websocket client gets the code and message.
      onNext: (_ctx, _id, _payload, _args, result) => {
        const sent = forWebSocket(result as ExecutionResult);
        return sent === result ? undefined : sent;
      },
      subscribe: (args) => (args as WsExecutionArgs).rootValue.subscribe(args) as never,
      // The token travels in connection_init's payload as { authorization: "Bearer <token>" }.
      // A missing, forged or expired one closes the socket (4403); the socket closes (4401) when it expires.
      onConnect: async (ctx) => {
        try {
          const header = (ctx.connectionParams as { authorization?: unknown } | undefined)?.authorization;
          const token = bearerToken(typeof header === 'string' ? header : undefined);
          if (token === undefined) return false;
          const verified = await authenticator.verify(token, now());
          await viewerFromToken(verified, db.prisma);
          (ctx.extra as WsExtra).token = verified;
          closeOnExpiry(ctx.extra.socket, verified.expiresAt, now);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, id, params) => {
        // Each subscribe message counts against the connection's rate limit budget.
        const limited = await security.limitWebSocketOperation(ctx);
        if (limited) return [limited];
        // Same envelop pipeline as HTTP: parse, validate, context and plugins.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionToken: (ctx.extra as WsExtra).token,
        });
        let document;
        let contextValue;
        try {
          document = parse(params.query);
          const errors = validate(schema, document);
          if (errors.length > 0) return errors.map(withoutHttpDetails);
          // Refused here, as an `error` message like the other limits, rather than as a result of execution.
          const costly = security.refuseCostlyOperation({ schema, document, variableValues: params.variables, operationName: params.operationName });
          if (costly) return [costly];
          // Fails when the staff member behind the connection's token is gone.
          contextValue = await contextFactory();
          // Live events of this subscription go straight to its socket (src/live/live-socket.ts).
          setLiveSocket(contextValue, { socket: ctx.extra.socket, id });
        } catch (error) {
          if (error instanceof GraphQLError) return [withoutHttpDetails(error)];
          throw error;
        }
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );

  let closed: Promise<void> | undefined;
  /**
   * Stop accepting, finish what is in flight, then close, all within the
   * grace period: a request already sent is answered and never reset; one
   * arriving afterwards on a kept-alive connection is refused (503) rather
   * than run; whatever still runs at the deadline is cut.
   */
  async function shutDown(): Promise<void> {
    closing = true;
    const deadline = Date.now() + config.shutdownGraceMs;
    const untilDeadline = () => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref());
    // Stop listening, but leave open connections alone: Server#close would drop idle keep-alive ones, and a request already on its way on one would be reset.
    const listenerClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
    for (const res of inFlight) res.shouldKeepAlive = false;
    for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
    // Dispatcher and jobs stop meanwhile; a pass stuck on a lock is not waited for past the deadline.
    const runtimeStopped = runtime.stop();
    // A short linger answers requests already sent on idle keep-alive connections with 503 instead of a reset.
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(250, config.shutdownGraceMs / 4)).unref());
    httpServer.closeIdleConnections();
    while (inFlight.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      httpServer.closeIdleConnections();
    }
    const late = inFlight.size > 0 || (await Promise.race([runtimeStopped.then(() => false), untilDeadline().then(() => true)]));
    if (late) logger.warn(`shutdown: the grace period of ${config.shutdownGraceMs} ms is over; closing ${inFlight.size} request(s) still in flight`);
    httpServer.closeAllConnections();
    for (const client of wsServer.clients) client.terminate();
    await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    await listenerClosed;
    live.stop();
    await security.close();
  }

  return {
    httpServer,
    yoga,
    runtime,
    live: { relay: live, results: liveResults },
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
    close() {
      closed ??= shutDown();
      return closed;
    },
  };
}
