/**
 * Query limits (graphql-armor): depth, aliases, tokens and directives (the
 * estimated cost is query-cost.ts's), plus hiding "Did you mean ...?" suggestions. They run while the
 * document is parsed and validated, so an abusive query is refused before
 * any resolver runs, whoever sends it, over HTTP and over websockets alike
 * (the websocket server validates through the same envelop pipeline).
 *
 * graphql-armor reports a rejection as a code-less "Syntax Error: ..."; each
 * limit gets its own `extensions.code` here instead, so clients can tell
 * which limit they hit.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { QUERY_TOO_COMPLEX, useQueryCost } from './query-cost.js';
import { maxRepeatedFieldsRule, TOO_MANY_REPEATED_FIELDS } from './repeated-fields.js';
import type { SecurityConfig } from './security-config.js';

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;

export const QUERY_LIMIT_CODES = {
  maxDepth: 'QUERY_TOO_DEEP',
  maxCost: QUERY_TOO_COMPLEX,
  maxAliases: 'TOO_MANY_ALIASES',
  maxTokens: 'TOO_MANY_TOKENS',
  maxDirectives: 'TOO_MANY_DIRECTIVES',
  maxRepeatedFields: TOO_MANY_REPEATED_FIELDS,
} as const;

type Limit = Exclude<keyof typeof QUERY_LIMIT_CODES, 'maxRepeatedFields'>;

/** Reports the rejection as a validation error with our code (or throws it while parsing, where there is no validation context). */
function rejectWith(limit: Limit) {
  return {
    // Without this, graphql-armor throws out of the validation rule instead of reporting.
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const coded = new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { code: QUERY_LIMIT_CODES[limit] },
        });
        if (context) context.reportError(coded);
        else throw coded;
      },
    ],
  };
}

export function useQueryLimits(limits: SecurityConfig['queryLimits']): Plugin[] {
  const config: ArmorConfig = {
    maxDepth: { n: limits.maxDepth, ...rejectWith('maxDepth') },
    // The cost is estimated with the request's variables instead (query-cost.ts).
    costLimit: { enabled: false },
    // `__typename` counts like any other alias: armor lets it through by default, a hundred of them included.
    maxAliases: { n: limits.maxAliases, allowList: [], ...rejectWith('maxAliases') },
    maxTokens: { n: limits.maxTokens, ...rejectWith('maxTokens') },
    maxDirectives: { n: limits.maxDirectives, ...rejectWith('maxDirectives') },
    // Suggestions would let a client rebuild the schema even with introspection off.
    blockFieldSuggestion: { mask: '' },
  };
  const repeatedFields: Plugin = { onValidate: ({ addValidationRule }) => addValidationRule(maxRepeatedFieldsRule(limits.maxRepeatedFields)) };
  return [EnvelopArmorPlugin(config) as Plugin, repeatedFields, useQueryCost(limits.maxCost)];
}
