/**
 * Gives every client-caused GraphQL error a machine-readable
 * `extensions.code`, so clients can switch on it the way they switch on
 * mutation payload errors.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isDeliberateWithoutCode(error: GraphQLError): boolean {
  if (error.extensions?.code) return false;
  let cause: unknown = error.originalError;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause === undefined || cause === null || (cause instanceof GraphQLError && !cause.extensions?.code);
}

export function useErrorCodes(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.length > 0) setResult(result.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')));
    },
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (isAsyncIterable(result)) return;
        const r = result as ExecutionResult;
        // Without a code and raised as a GraphQLError on purpose (bad variables,
        // out-of-range arguments): the client's input. Anything else is left
        // for masking as an internal error.
        if (r.errors?.some(isDeliberateWithoutCode)) {
          setResult({ ...r, errors: r.errors.map((e) => (isDeliberateWithoutCode(e) ? withCode(e, 'BAD_USER_INPUT') : e)) });
        }
      },
    }),
  };
}
