/**
 * CSRF prevention (@graphql-yoga/plugin-csrf-prevention): a browser sends a
 * cross-site "simple request" (a GET, or a POST of a form or plain text)
 * without asking the API first, cookies and all. Refusing every request that
 * is neither a JSON/GraphQL POST (their content type makes the browser send a
 * CORS preflight) nor carries a custom header (ditto) leaves attackers no
 * request the API would act on.
 *
 * `content-type` must not be in the header list: a form post has one too.
 * Websockets are not covered (browsers send no preflight for them); they
 * authenticate with a token in the connection_init payload, which a foreign
 * page cannot read or send on the user's behalf.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Any one of these on a GET (or a form/text POST) shows the request is not a browser's simple request. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

export const CSRF_CODE = 'CSRF_CHECK_FAILED';

export function useCsrfPrevention(): Plugin {
  const plugin = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  const check = plugin.onRequestParse!;
  return {
    // The plugin throws a code-less 403 error; same check, with a code and a message saying what to send.
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch {
        // It throws only this refusal.
        throw new GraphQLError(
          `Request refused as a possible cross-site request forgery: send a JSON POST (content-type: application/json), or add the header ${CSRF_HEADERS[0]}.`,
          { extensions: { code: CSRF_CODE, http: { status: 403 } } },
        );
      }
    },
  };
}
