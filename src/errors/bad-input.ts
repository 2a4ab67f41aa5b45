import { GraphQLError } from 'graphql';

/**
 * A query argument or variable the client must fix (a mutation's input is
 * answered with payload errors instead): a GraphQL error with code
 * BAD_USER_INPUT.
 */
export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}
