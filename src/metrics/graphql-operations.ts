/**
 * GraphQL operations by type (query, mutation, subscription; `unknown` when
 * the document could not be read, or the operation was refused before it
 * was) and outcome:
 *  - `ok`;
 *  - `user_error`: a mutation answered with typed payload errors (see
 *    mutation-user-errors.ts);
 *  - otherwise the `extensions.code` of the first GraphQL error, as the
 *    client received it (BAD_USER_INPUT, FORBIDDEN, SERVICE_UNAVAILABLE,
 *    INTERNAL_SERVER_ERROR, …), or `error` for one without a code.
 *
 * Counted once per operation, from the result as it leaves the server, so
 * after masking: over HTTP from yoga's `onExecutionResult` (every operation,
 * refused ones included), over websockets from graphql-ws's `onOperation`
 * (executed) and `onError` (refused before execution). A subscription counts
 * when it is set up, not per event.
 */
import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLError } from 'graphql';
import type { OperationResult, SubscribePayload } from 'graphql-ws';
import type { Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import { answeredWithUserErrors, watchMutationUserErrors } from './mutation-user-errors.js';

export interface GraphQLOperationMetrics {
  /** A yoga (envelop) plugin: HTTP operations. */
  plugin: Plugin;
  /** graphql-ws server hooks: websocket operations. Spread into useServer's options; they return nothing, so they change no message. */
  webSocketHooks: {
    onOperation(ctx: unknown, id: string, payload: SubscribePayload, args: ExecutionArgs, result: OperationResult): void;
    onError(ctx: unknown, id: string, payload: SubscribePayload, errors: readonly GraphQLError[]): void;
  };
}

type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

interface ResultLike {
  errors?: readonly { extensions?: Record<string, unknown> }[];
}

/** A code is a label value: only well-formed ones, so a stray message never becomes a series. */
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function typeOf(document: DocumentNode | undefined, operationName: string | null | undefined): OperationType {
  if (!document) return 'unknown';
  return getOperationAST(document, operationName)?.operation ?? 'unknown';
}

function outcomeOf(result: unknown, context: unknown): string {
  // A stream: the subscription is set up; its events are not operations.
  if (result === undefined || result === null || isAsyncIterable(result)) return 'ok';
  const errors = (result as ResultLike).errors;
  if (errors && errors.length > 0) return codeOf(errors);
  return answeredWithUserErrors(context) ? 'user_error' : 'ok';
}

function codeOf(errors: readonly { extensions?: Record<string, unknown> }[]): string {
  const code = errors[0]?.extensions?.code;
  return typeof code === 'string' && CODE.test(code) ? code : 'error';
}

export function createGraphQLOperationMetrics(registry: Registry): GraphQLOperationMetrics {
  const operations = new Counter({
    name: 'kam_graphql_operations_total',
    help: 'GraphQL operations, by operation type and outcome (ok, user_error, or the error code the client received).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  /** Parsed documents by the request's parameters, for operations refused after parsing but before execution. */
  const documents = new WeakMap<object, DocumentNode>();

  const plugin: Plugin = {
    onSchemaChange({ schema }) {
      watchMutationUserErrors(schema);
    },
    onValidate({ context, params }) {
      const request = (context as { params?: unknown }).params;
      if (typeof request === 'object' && request !== null) documents.set(request, params.documentAST);
    },
    onExecutionResult({ context, result }) {
      const document = documents.get(context.params);
      operations.inc({ operation: typeOf(document, context.params?.operationName), outcome: outcomeOf(result, context) });
    },
  };

  return {
    plugin,
    webSocketHooks: {
      onOperation(_ctx, _id, _payload, args, result) {
        operations.inc({ operation: typeOf(args.document, args.operationName), outcome: outcomeOf(result, args.contextValue) });
      },
      onError(_ctx, _id, payload, errors) {
        operations.inc({ operation: typeOf(documents.get(payload), payload.operationName), outcome: codeOf(errors) });
      },
    },
  };
}
