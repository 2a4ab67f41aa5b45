/**
 * No "Did you mean ...?" hints in error messages: they would let a client
 * rebuild the schema by guessing, even with introspection off.
 *
 * graphql-armor's blockFieldSuggestion (see query-limits.ts) masks only the
 * `Did you mean "x"?` form in validation errors. graphql-js also suggests
 * enum values ("Did you mean the enum value ...?") and, when it coerces
 * variables during execution, input fields and enum values; this strips
 * every form, wherever the error comes from.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = / ?Did you mean [^?]*\?/g;

function hasSuggestion(error: Error): boolean {
  SUGGESTION.lastIndex = 0;
  return SUGGESTION.test(error.message);
}

function withoutSuggestion<E extends Error>(error: E): E | GraphQLError {
  if (!hasSuggestion(error) || !(error instanceof GraphQLError)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, '').trim(), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** For a single (not streamed) result: the same result without suggestions. */
function cleanResult(result: unknown, setResult: (r: ExecutionResult) => void) {
  if (isAsyncIterable(result)) return;
  const r = result as ExecutionResult;
  if (r.errors?.some(hasSuggestion)) setResult({ ...r, errors: r.errors.map(withoutSuggestion) });
}

export function useHideSuggestions(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.some((e) => hasSuggestion(e))) setResult(result.map((e) => withoutSuggestion(e)));
    },
    onExecute: () => ({ onExecuteDone: ({ result, setResult }) => cleanResult(result, setResult) }),
    onSubscribe: () => ({ onSubscribeResult: ({ result, setResult }) => cleanResult(result, setResult) }),
  };
}
