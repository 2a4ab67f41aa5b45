/**
 * The repeated-field limit: a field written again and again in one
 * selection set (`{ __typename __typename ... }`) merges into one answer
 * but costs the server to parse, validate and plan each copy, and the cost
 * estimate, which prices an answer, does not see it. Refused during
 * validation with TOO_MANY_REPEATED_FIELDS.
 */
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';

export const TOO_MANY_REPEATED_FIELDS = 'TOO_MANY_REPEATED_FIELDS';

export function maxRepeatedFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    SelectionSet(node) {
      const counts = new Map<string, number>();
      for (const selection of node.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        const key = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count === max + 1) {
          context.reportError(
            new GraphQLError(`Repeated fields limit of ${max} exceeded: "${key}" is selected more than ${max} times in one selection set.`, {
              nodes: [selection],
              extensions: { code: TOO_MANY_REPEATED_FIELDS },
            }),
          );
        }
      }
    },
  });
}
