/**
 * GraphiQL as this API serves it, working with no network: yoga's default
 * page loads GraphiQL's script and styles from a CDN, while
 * @graphql-yoga/render-graphiql inlines them (and the Monaco editor workers
 * and the favicon) into the page itself.
 */
import type { GraphiQLOptions } from 'graphql-yoga';

/** Shown in the query editor until the user writes their own. */
const DEFAULT_QUERY = `# KAM GraphQL API: key-account management for SMEs.
#
# Every request needs a bearer token. Take one:
#
#   npm run -s token -- --level TOP
#
# (or MIDDLE, FRONTLINE; --admin) and put it in
# the Headers tab below:
#
#   { "Authorization": "Bearer <token>" }
#
# Run with Ctrl-Enter. Subscriptions work here too,
# over server-sent events with that header:
#
#   subscription {
#     accountChanged { change cause account { name } }
#   }

{
  accounts(first: 5) {
    totalCount
    edges { node { name tier enterpriseSize } }
  }
}
`;

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'KAM GraphiQL',
  // Server-sent events carry the Headers tab's Authorization; a browser websocket cannot.
  subscriptionsProtocol: 'SSE',
  // Every operation as a JSON POST: yoga's client would send subscriptions as GET, which CSRF prevention refuses.
  method: 'POST',
  defaultQuery: DEFAULT_QUERY,
  // Open on the Headers tab: it is where the token goes.
  defaultEditorToolsVisibility: 'headers',
};

/**
 * Yoga's `renderGraphiQL`. The package (about 9 MB of inlined assets) is
 * loaded on first use, so a server with GraphiQL off never loads it, and each
 * page is rendered once.
 */
export function offlineGraphiQL(): (options: GraphiQLOptions) => Promise<string> {
  const pages = new Map<string, Promise<string>>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (!page) {
      page = import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
      pages.set(key, page);
    }
    return page;
  };
}
