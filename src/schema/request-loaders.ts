/**
 * The loaders of one request: every DataLoader a resolver needs (stored
 * health, a relation's pages, a plugin's summaries) is made here once per
 * request, under a key of its own, instead of in module-level maps keyed by
 * the context. A live event gets one set shared by every subscriber it is
 * delivered to, so a field that loads costs one batch per event, not one per
 * subscriber.
 */
export class RequestLoaders {
  readonly #loaders = new Map<unknown, unknown>();

  /** The loader under `key`, made with `create` the first time. Keys are any value: a symbol, a string, a GraphQL AST node. */
  get<T>(key: unknown, create: () => T): T {
    if (!this.#loaders.has(key)) this.#loaders.set(key, create());
    return this.#loaders.get(key) as T;
  }
}
