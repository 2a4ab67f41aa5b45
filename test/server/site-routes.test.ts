/**
 * The plain routes beside the API: the landing page at `/`, the printed
 * schema (only where introspection is on) and the repository's docs, which
 * no request path can escape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSdl } from '../../src/schema/core-schema.js';
import { CORE_VERSION } from '../../src/version.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const repository = new URL('../../', import.meta.url);
const docsOnDisk = readdirSync(new URL('docs/', repository)).filter((name) => name.endsWith('.md'));

/** A GET with the path sent exactly as written (fetch would normalise `..` away before sending). */
function rawGet(base: string, path: string, method = 'GET'): Promise<{ status: number; contentType?: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The href of every link on a page. */
const linksOf = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]);

describe('with GraphiQL and introspection on', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ config: { graphiql: true, security: { introspection: true } } });
    base = new URL(t.url).origin;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a self-contained landing page naming the server, its version and where everything is', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // The browser may load nothing for it: no scripts, images or external styles.
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('KAM GraphQL API');
    expect(html).toContain('Key-account management for small and medium enterprises');
    expect(html).toContain(`<strong id="version">${CORE_VERSION}</strong>`);
    expect(html).toContain('npm run -s token -- --level TOP');
    expect(html).not.toMatch(/<(script|img|link)\b/);
    expect(linksOf(html)).toEqual([
      '/graphql',
      '/schema.graphql',
      '/health',
      '/ready',
      '/docs/README.md',
      ...docsOnDisk.sort().map((name) => `/docs/${name}`),
    ]);
  });

  it('answers every link it shows', async () => {
    const html = await (await fetch(`${base}/`)).text();
    for (const href of linksOf(html)) {
      const res = await fetch(`${base}${href}`, { headers: { accept: 'text/html' } });
      expect({ href, status: res.status }).toEqual({ href, status: 200 });
      await res.arrayBuffer();
    }
  });

  it('serves the running schema as SDL, the same one introspection describes', async () => {
    const res = await fetch(`${base}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const sdl = await res.text();
    expect(sdl).toContain('type Account implements Node');
    const introspection = await t.ok<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
    expect(sdl).toBe(printSdl(buildClientSchema(introspection)));
  });

  it('serves README.md and every Markdown file of docs/ as it is on disk', async () => {
    for (const [path, file] of [['/docs/README.md', 'README.md'], ...docsOnDisk.map((name) => [`/docs/${name}`, `docs/${name}`])] as const) {
      const res = await fetch(`${base}${path}`);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 200, type: 'text/markdown; charset=utf-8' });
      expect(await res.text()).toBe(readFileSync(new URL(file, repository), 'utf8'));
    }
  });

  it('serves no other file, whatever the path tries', async () => {
    const packageJson = readFileSync(new URL('package.json', repository), 'utf8');
    const attempts = [
      '/docs/../package.json',
      '/docs/..%2fpackage.json',
      '/docs/..%2Fpackage.json',
      '/docs/%2e%2e/package.json',
      '/docs/%2e%2e%2fpackage.json',
      '/docs/..%5cpackage.json',
      '/docs/../../../../etc/passwd',
      '/docs/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/docs/%2fetc%2fpasswd',
      '/docs/docs/domain.md',
      '/docs/domain.md/',
      '/docs/domain',
      '/docs/%E0%A4%A',
      '/docs/',
      '/docs',
      '/package.json',
      '/src/version.ts',
    ];
    for (const path of attempts) {
      const res = await rawGet(base, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toContain(packageJson.slice(0, 40));
      expect(res.body).not.toContain('root:');
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await rawGet(base, '/docs/domain.md', 'HEAD');
    expect(res).toEqual({ status: 200, contentType: 'text/markdown; charset=utf-8', body: '' });
  });

  it('leaves every other path to the API', async () => {
    const res = await fetch(`${base}/nowhere`);
    expect(res.status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await t.ok('{ __typename }')).toEqual({ __typename: 'Query' });
  });
});

describe('with GraphiQL and introspection off (as in production)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ config: { graphiql: false, security: { introspection: false } } });
    base = new URL(t.url).origin;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says both are off, links neither, and does not hand out the schema', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('GraphiQL is off on this server');
    expect(html).toContain('The schema is not published here (introspection is off).');
    expect(linksOf(html)).not.toContain('/graphql');
    expect(linksOf(html)).not.toContain('/schema.graphql');
    const schema = await rawGet(base, '/schema.graphql');
    expect(schema.status).toBe(404);
    expect(schema.body).not.toContain('type Account');
  });

  it('still serves the docs', async () => {
    const res = await fetch(`${base}/docs/security.md`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(new URL('docs/security.md', repository), 'utf8'));
  });
});
