/**
 * The plain HTTP routes beside the API: the landing page at `/`, the printed
 * schema at /schema.graphql and the docs at /docs/<name>.md. Requests they do
 * not claim go on to yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { printSdl } from '../schema/core-schema.js';
import { CORE_VERSION } from '../version.js';
import { renderLandingPage } from './landing-page.js';
import { repositoryDocs, type DocsCatalogue } from './static-docs.js';
import { logger } from '../log.js';

export const SCHEMA_PATH = '/schema.graphql';
export const DOCS_PREFIX = '/docs/';

export interface SiteRoutesOptions {
  graphqlPath: string;
  healthPath: string;
  readyPath: string;
  graphiql: boolean;
  /** The running schema, printed at SCHEMA_PATH; leave it out when introspection is off, as the SDL would hand out what introspection hides. */
  schema?: GraphQLSchema;
  docs?: DocsCatalogue;
  version?: string;
}

/** Handles the request and answers true, or answers false and leaves it alone. */
export type SiteRoutes = (req: IncomingMessage, res: ServerResponse) => boolean;

// Nothing here runs scripts or loads anything: the browser may refuse all of it.
const LANDING_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': contentType, 'x-content-type-options': 'nosniff', ...headers }).end(body);
}

/** The document name a /docs/ path asks for; undefined when it is not a single, well-formed name. */
function docName(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname.slice(DOCS_PREFIX.length));
  } catch {
    return undefined;
  }
}

export function createSiteRoutes(options: SiteRoutesOptions): SiteRoutes {
  const docs = options.docs ?? repositoryDocs();
  const { schema } = options;
  // Both are computed on first request, once.
  let landingPage: string | undefined;
  let sdl: string | undefined;

  async function serveDoc(name: string | undefined, res: ServerResponse) {
    try {
      const text = name === undefined ? undefined : await docs.read(name);
      if (text === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'No such document.\n');
      send(res, 200, 'text/markdown; charset=utf-8', text);
    } catch (error) {
      logger.error('serving a document failed:', error);
      send(res, 500, 'text/plain; charset=utf-8', 'Unexpected error.\n');
    }
  }

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/') {
      landingPage ??= renderLandingPage({
        version: options.version ?? CORE_VERSION,
        graphqlPath: options.graphqlPath,
        graphiql: options.graphiql,
        schemaPath: schema ? SCHEMA_PATH : undefined,
        healthPath: options.healthPath,
        readyPath: options.readyPath,
        docs: docs.names.map((name) => ({ name, path: `${DOCS_PREFIX}${encodeURIComponent(name)}` })),
      });
      send(res, 200, 'text/html; charset=utf-8', landingPage, { 'content-security-policy': LANDING_PAGE_CSP });
      return true;
    }
    if (pathname === SCHEMA_PATH && schema) {
      sdl ??= printSdl(schema);
      send(res, 200, 'text/plain; charset=utf-8', sdl);
      return true;
    }
    if (pathname.startsWith(DOCS_PREFIX)) {
      void serveDoc(docName(pathname), res);
      return true;
    }
    return false;
  };
}
