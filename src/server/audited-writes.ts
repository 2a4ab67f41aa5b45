/**
 * Mutations write through a transaction runner bound to the caller and the
 * mutation, so the audit trail names who changed what through which
 * operation. Bound when the operation executes (the context exists before
 * the document is known), for HTTP and websockets alike.
 */
import { getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CoreServices } from '../core-services.js';
import type { RunInTransaction } from '../events/unit-of-work.js';
import { CORE_REQUEST, type GraphQLContext } from '../schema/context.js';
import { coreOf, type CoreRequest } from './core-request.js';
import type { Runtime } from './runtime.js';

export function useAuditedWrites(runtime: Runtime, servicesFor: (transaction: RunInTransaction) => CoreServices): Plugin<GraphQLContext> {
  return {
    onExecute({ args, extendContext }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
      const context = args.contextValue as GraphQLContext;
      const transaction = runtime.transactionFor(context.actor, fields.join(',') || 'mutation');
      extendContext({ transaction, [CORE_REQUEST]: { ...coreOf(context), services: servicesFor(transaction) } satisfies CoreRequest });
    },
  };
}
