import { GraphQLError } from 'graphql';

/**
 * A missing, malformed, forged or expired token. Over HTTP it answers 401
 * with a WWW-Authenticate challenge; it never says more than why the token
 * was refused.
 */
export class AuthenticationError extends GraphQLError {
  constructor(reason: string) {
    super(`Authentication failed: ${reason}.`, {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
      },
    });
  }
}

/** The caller is known but the rules do not allow this operation or field. */
export class ForbiddenError extends GraphQLError {
  constructor(message = 'Not allowed.') {
    super(message, { extensions: { code: 'FORBIDDEN' } });
  }
}

/** No token where one is needed. */
export class AuthenticationRequiredError extends GraphQLError {
  constructor() {
    super('Authentication required: send a bearer token.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
}
