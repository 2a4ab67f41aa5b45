/**
 * A real API server on a random port over a fresh test database (SQLite by
 * default, PostgreSQL with TEST_DATABASE=postgresql), plus a small client.
 */
import { createApp, GRAPHQL_PATH, type App, type AppOptions } from '../../src/server/app.js';
import { createTokenIssuer, SERVICE_SUBJECT_PREFIX } from '../../src/auth/tokens.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { createTestDatabase, type TestDatabaseOptions } from './test-database.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'];
  url: string;
  wsUrl: string;
  /** SQL statements sent since the last reset. */
  statements: string[];
  /** As the operator (a top-management administrator) unless `token` says otherwise; null sends no token. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** The operator: a top-management administrator created with the app, whose token gql uses by default. */
  operator: { id: string; token: string };
  /** A token for a staff member (by id), valid for an hour of the app's clock unless ttlSeconds says otherwise. */
  tokenFor(staffId: string, ttlSeconds?: number): Promise<string>;
  /** A service-account token with the given scopes. */
  serviceToken(name: string, scopes: string[]): Promise<string>;
  setNow(date: Date): void;
  /** The app's clock, as setNow left it. */
  now(): Date;
  close(): Promise<void>;
}

export const DEFAULT_TEST_NOW = new Date('2025-07-01T00:00:00.000Z');

/** Token settings of every test app; tests mint their own tokens with them. */
export const TEST_AUTH = { jwtSecret: 'test-secret-test-secret-test-secret-0123', issuer: 'kam', audience: 'kam-api' };
export const mintTestToken = createTokenIssuer(TEST_AUTH);

/**
 * A partner-integration token that reads and writes accounts: for suites
 * whose servers have no staff of their own (other processes, raw clients).
 */
export const suiteServiceToken = mintTestToken({
  subject: `${SERVICE_SUBJECT_PREFIX}test-suite`,
  scopes: ['accounts:read', 'accounts:write'],
  ttlSeconds: 10 * 365 * 24 * 3600,
  now: new Date(),
});

export interface TestAppOptions {
  minTenureMonths?: number;
  plugins?: readonly LoadedPlugin[];
  pubsub?: AppOptions['pubsub'];
  config?: Partial<AppOptions['config']>;
  /** How the app's database is opened (pool, timeouts, another address). */
  database?: Omit<TestDatabaseOptions, 'onQuery'>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const statements: string[] = [];
  const testDb = await createTestDatabase({ ...options.database, onQuery: (sql) => statements.push(sql) });
  let now = DEFAULT_TEST_NOW;
  const app = createApp({
    config: { graphiql: false, keyAccountMinTenureMonths: options.minTenureMonths ?? 12, shutdownGraceMs: 2000, auth: TEST_AUTH, ...options.config },
    db: testDb.db,
    plugins: options.plugins,
    pubsub: options.pubsub,
    now: () => now,
  });
  const address = await app.listen(0);
  const base = `http://127.0.0.1:${address.port}`;
  const url = `${base}${GRAPHQL_PATH}`;

  const operatorRow = await testDb.db.prisma.staff.create({
    data: {
      name: 'Test Operator',
      searchName: 'test operator',
      email: 'operator@kam.test',
      level: 'TOP',
      department: 'Management',
      hireDate: new Date('2010-01-01T00:00:00.000Z'),
      isAdministrator: true,
    },
  });
  const tokenFor = (staffId: string, ttlSeconds = 3600) => mintTestToken({ subject: staffId, ttlSeconds, now });
  const operator = { id: operatorRow.id, token: await tokenFor(operatorRow.id, 24 * 3600 * 365 * 10) };

  async function gql<T>(query: string, variables?: Record<string, unknown>, token: string | null = operator.token): Promise<GraphQLResponse<T>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  }

  return {
    app,
    db: testDb.db,
    url,
    wsUrl: `ws://127.0.0.1:${address.port}${GRAPHQL_PATH}`,
    statements,
    gql,
    operator,
    tokenFor,
    serviceToken: (name, scopes) => mintTestToken({ subject: `${SERVICE_SUBJECT_PREFIX}${name}`, scopes, ttlSeconds: 3600, now }),
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string | null) {
      const result = await gql<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    setNow(date: Date) {
      now = date;
    },
    now: () => now,
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}
