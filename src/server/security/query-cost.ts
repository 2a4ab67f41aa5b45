/**
 * The estimated cost of an operation, with its variables: what it may read,
 * counted in records and fields. graphql-armor's cost limit sees only the
 * document, so a page size passed as a variable (`first: $n`) would count as
 * one item; here the cost is taken with the request's variables, once the
 * operation is valid and before anything executes, and an operation over
 * QUERY_MAX_COST is refused with QUERY_TOO_COMPLEX.
 *
 * Estimate (graphql-query-complexity does the walk, fragments and
 * @skip/@include included; the estimator below says what each field costs):
 * - every field costs 1, plus what is selected under it;
 * - a connection multiplies what is selected under it by its page size
 *   (`first` or `last`, else the default page, capped like the page itself);
 * - `nodes(ids:)` multiplies by the number of ids, and any other list by
 *   LIST_SIZE_ESTIMATE, a generous size for the short lists of this schema
 *   (team members, staves, factors, anniversaries);
 * - introspection (`__schema`, `__type`) costs nothing, as it did for armor.
 */
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { PAGE_SIZE } from '../../schema/connections/page-args.js';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export const LIST_SIZE_ESTIMATE = 5;

/** graphql-query-complexity's own refusal of documents whose fragments expand too far. */
const TOO_MANY_NODES = 'Query exceeds the maximum allowed number of nodes.';

function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function pageSize(args: Record<string, unknown>): number {
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : PAGE_SIZE.default;
  return Math.min(Math.max(asked, 0), PAGE_SIZE.max);
}

export const estimateFieldCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name === '__schema' || field.name === '__type') return 0;
  if (isConnection(getNamedType(field.type))) return 1 + pageSize(args) * childComplexity;
  if (!isListType(getNullableType(field.type))) return 1 + childComplexity;
  // A connection's edges are already multiplied by its page size.
  if (isConnection(type) && field.name === 'edges') return 1 + childComplexity;
  const count = Array.isArray(args.ids) ? args.ids.length : LIST_SIZE_ESTIMATE;
  return 1 + count * childComplexity;
};

/**
 * The operation's cost; undefined when its variables do not fit it (execution
 * then refuses them with its own error, before anything runs).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number | undefined {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimateFieldCost] });
  } catch (error) {
    if (error instanceof GraphQLError && error.message === TOO_MANY_NODES) return Infinity;
    return undefined;
  }
}

export function queryTooComplexError(maxCost: number, cost: number): GraphQLError {
  const found = Number.isFinite(cost) ? `found ${cost}` : 'its fragments expand too far';
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded, ${found}.`, { extensions: { code: QUERY_TOO_COMPLEX } });
}

/** The refusal of an operation over `maxCost`; undefined when it may run. */
export function refuseCostlyOperation(
  maxCost: number,
  operation: { schema: GraphQLSchema; document: DocumentNode; variableValues?: Readonly<Record<string, unknown>> | null; operationName?: string | null },
): GraphQLError | undefined {
  const cost = operationCost(operation.schema, operation.document, operation.variableValues ?? undefined, operation.operationName ?? undefined);
  return cost !== undefined && cost > maxCost ? queryTooComplexError(maxCost, cost) : undefined;
}

/**
 * Refuses costly operations as they are about to execute. Not at validation:
 * yoga caches validation results per document, and the cost depends on the
 * variables of each request.
 */
export function useQueryCost(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = refuseCostlyOperation(maxCost, args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = refuseCostlyOperation(maxCost, args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
