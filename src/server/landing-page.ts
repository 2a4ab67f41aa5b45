/**
 * The page at `/`: what this server is and where its endpoints, schema and
 * docs are. Self-contained (inline styles, no scripts, no external assets),
 * so it works with no network.
 */

export interface LandingPageFacts {
  version: string;
  graphqlPath: string;
  /** Whether GraphiQL is served at graphqlPath. */
  graphiql: boolean;
  /** Where the printed schema is; undefined when it is not published (introspection off). */
  schemaPath?: string;
  healthPath: string;
  readyPath: string;
  /** Links to the served documents, in order. */
  docs: readonly { name: string; path: string }[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const link = (path: string, text = path) => `<a href="${escapeHtml(path)}">${escapeHtml(text)}</a>`;

export function renderLandingPage(facts: LandingPageFacts): string {
  const graphiql = facts.graphiql
    ? `<li>${link(facts.graphqlPath, 'GraphiQL')}: write and run operations in the browser. Take a token with
      <code>npm run -s token -- --level TOP</code> and put it in the Headers tab:
      <code>{ "Authorization": "Bearer &lt;token&gt;" }</code>.</li>`
    : `<li>GraphiQL is off on this server (<code>GRAPHIQL=true</code> turns it on).</li>`;
  const schema = facts.schemaPath
    ? `<li>${link(facts.schemaPath, 'The schema')} (SDL).</li>`
    : `<li>The schema is not published here (introspection is off).</li>`;
  const docs = facts.docs.map((doc) => `<li>${link(doc.path, doc.name)}</li>`).join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>KAM GraphQL API</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
      code { background: #f2f2f2; padding: 0 0.2em; }
    </style>
  </head>
  <body>
    <h1>KAM GraphQL API</h1>
    <p>Key-account management for small and medium enterprises, served as a GraphQL API.
      Version <strong id="version">${escapeHtml(facts.version)}</strong>.</p>
    <h2>Endpoints</h2>
    <ul>
      <li><code>${escapeHtml(facts.graphqlPath)}</code>: the API (HTTP, server-sent events and websockets); every request needs a bearer token.</li>
      ${graphiql}
      ${schema}
      <li>${link(facts.healthPath)} (liveness) and ${link(facts.readyPath)} (the database answers).</li>
    </ul>
    <h2>Documentation</h2>
    <ul>
      ${docs}
    </ul>
  </body>
</html>
`;
}
