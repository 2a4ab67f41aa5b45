/**
 * Whether a mutation answered with user errors: the typed `errors` of its
 * payload (src/schema/mutation-errors.ts), which are data, not GraphQL
 * errors, and so invisible in the result unless the client selected them.
 *
 * Each root mutation field's resolver is wrapped once per schema: when it
 * resolves to a payload whose `errors` is not empty, the operation's context
 * is marked. Nothing else changes: the value, the timing of a synchronous
 * resolver and every thrown error are the resolver's own.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

const wrapped = new WeakSet<GraphQLSchema>();
/** Contexts of operations a mutation of which answered with user errors. */
const marked = new WeakSet<object>();

function hasUserErrors(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const errors = (value as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export function watchMutationUserErrors(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  if (!mutation || wrapped.has(schema)) return;
  wrapped.add(schema);
  for (const field of Object.values(mutation.getFields())) {
    const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      const note = (value: unknown) => {
        if (hasUserErrors(value) && typeof context === 'object' && context !== null) marked.add(context);
        return value;
      };
      const value = resolve(source, args, context, info);
      return isPromiseLike(value) ? value.then(note) : note(value);
    };
  }
}

/** True when a mutation of the operation run with this context answered with user errors. */
export function answeredWithUserErrors(context: unknown): boolean {
  return typeof context === 'object' && context !== null && marked.has(context);
}
