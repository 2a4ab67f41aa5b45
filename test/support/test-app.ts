/**
 * A real API server on a random port over a fresh test database (SQLite by
 * default, PostgreSQL with TEST_DATABASE=postgresql), plus a small client.
 */
import { createApp, GRAPHQL_PATH, type App, type AppOptions } from '../../src/server/app.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { createTestDatabase } from './test-database.js';

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
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  setNow(date: Date): void;
  close(): Promise<void>;
}

export const DEFAULT_TEST_NOW = new Date('2025-07-01T00:00:00.000Z');

export interface TestAppOptions {
  minTenureMonths?: number;
  plugins?: readonly LoadedPlugin[];
  pubsub?: AppOptions['pubsub'];
  config?: Partial<AppOptions['config']>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const statements: string[] = [];
  const testDb = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
  let now = DEFAULT_TEST_NOW;
  const app = createApp({
    config: { graphiql: false, keyAccountMinTenureMonths: options.minTenureMonths ?? 12, shutdownGraceMs: 2000, ...options.config },
    db: testDb.db,
    plugins: options.plugins,
    pubsub: options.pubsub,
    now: () => now,
  });
  const address = await app.listen(0);
  const base = `http://127.0.0.1:${address.port}`;
  const url = `${base}${GRAPHQL_PATH}`;

  async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
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
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const result = await gql<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    setNow(date: Date) {
      now = date;
    },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}
