/**
 * Reports every SQL statement a driver adapter sends, so tests can count the
 * statements a GraphQL request costs (no N+1) and logs can show them.
 *
 * Wrapping the adapter, rather than Prisma's `query` log event, sees what
 * really reaches the database: COMMIT and ROLLBACK included. Opening a
 * transaction is reported as one `BEGIN`, whatever the driver sends for it.
 */
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';

export type QueryHook = (sql: string) => void;

/** The two ways statements are sent, reported before they go. */
function reportingQueryable(queryable: SqlQueryable, onQuery: QueryHook): SqlQueryable {
  return {
    provider: queryable.provider,
    adapterName: queryable.adapterName,
    queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      onQuery(query.sql);
      return queryable.queryRaw(query);
    },
    executeRaw(query: SqlQuery): Promise<number> {
      onQuery(query.sql);
      return queryable.executeRaw(query);
    },
  };
}

function reportingTransaction(tx: Transaction, onQuery: QueryHook): Transaction {
  const reporting: Transaction = {
    ...reportingQueryable(tx, onQuery),
    options: tx.options,
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
  };
  // Savepoints are statements too; keep them optional as the driver has them.
  if (tx.createSavepoint) {
    reporting.createSavepoint = (name) => (onQuery(`SAVEPOINT ${name}`), tx.createSavepoint!(name));
  }
  if (tx.rollbackToSavepoint) {
    reporting.rollbackToSavepoint = (name) => (onQuery(`ROLLBACK TO ${name}`), tx.rollbackToSavepoint!(name));
  }
  if (tx.releaseSavepoint) {
    reporting.releaseSavepoint = (name) => (onQuery(`RELEASE SAVEPOINT ${name}`), tx.releaseSavepoint!(name));
  }
  return reporting;
}

function reportingAdapter(adapter: SqlDriverAdapter, onQuery: QueryHook): SqlDriverAdapter {
  const reporting: SqlDriverAdapter = {
    ...reportingQueryable(adapter, onQuery),
    executeScript(script: string): Promise<void> {
      onQuery(script);
      return adapter.executeScript(script);
    },
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const tx = await adapter.startTransaction(isolationLevel);
      onQuery('BEGIN');
      return reportingTransaction(tx, onQuery);
    },
    dispose: () => adapter.dispose(),
  };
  // Must stay synchronous: the client reads it once when it connects.
  if (adapter.getConnectionInfo) reporting.getConnectionInfo = () => adapter.getConnectionInfo!();
  return reporting;
}

export function reportQueries(factory: SqlDriverAdapterFactory, onQuery: QueryHook): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => reportingAdapter(await factory.connect(), onQuery),
  };
}
