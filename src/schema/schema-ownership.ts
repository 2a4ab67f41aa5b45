/**
 * Records which module (core or a plugin) defines each GraphQL type and
 * field, so a clash stops the boot with a message naming both owners rather
 * than Pothos's anonymous "duplicate" error.
 */
import type { KamSchemaBuilder } from './builder.js';

export class SchemaClashError extends Error {
  constructor(
    readonly owner: string,
    problem: string,
  ) {
    super(problem);
    this.name = 'SchemaClashError';
  }
}

type Callback = (...args: unknown[]) => unknown;
type Options = { name?: string; variant?: string; fields?: Callback } | undefined;

/** Methods that create a named type: where its name and options are among the arguments. */
const TYPE_METHODS: Record<string, (args: unknown[]) => { name: string | undefined; options: Options; claimed?: boolean }> = {
  // Given a ref rather than a name, the type was claimed when the ref was made.
  objectType: ([param, options]) => ({ name: (options as Options)?.name ?? nameOf(param), options: options as Options, claimed: typeof param !== 'string' }),
  interfaceType: ([param, options]) => ({ name: (options as Options)?.name ?? nameOf(param), options: options as Options, claimed: typeof param !== 'string' }),
  inputType: ([param, options]) => ({ name: nameOf(param), options: options as Options, claimed: typeof param !== 'string' }),
  unionType: ([name]) => ({ name: name as string, options: undefined }),
  enumType: ([param, options]) => ({ name: (options as Options)?.name ?? (typeof param === 'string' ? param : undefined), options: undefined }),
  scalarType: ([name]) => ({ name: name as string, options: undefined }),
  prismaObject: ([model, options]) => ({
    name: (options as Options)?.variant ?? (options as Options)?.name ?? (model as string),
    options: options as Options,
  }),
  prismaNode: ([model, options]) => ({
    name: (options as Options)?.variant ?? (options as Options)?.name ?? (model as string),
    options: options as Options,
  }),
};

/** Methods that add fields to an existing type: (type, fields) or (type, name, field). */
const FIELD_METHODS: Record<string, { type: (args: unknown[]) => string; single: boolean; argsBefore: number }> = {
  queryFields: { type: () => 'Query', single: false, argsBefore: 0 },
  queryField: { type: () => 'Query', single: true, argsBefore: 0 },
  mutationFields: { type: () => 'Mutation', single: false, argsBefore: 0 },
  mutationField: { type: () => 'Mutation', single: true, argsBefore: 0 },
  subscriptionFields: { type: () => 'Subscription', single: false, argsBefore: 0 },
  subscriptionField: { type: () => 'Subscription', single: true, argsBefore: 0 },
  objectFields: { type: ([ref]) => nameOf(ref)!, single: false, argsBefore: 1 },
  objectField: { type: ([ref]) => nameOf(ref)!, single: true, argsBefore: 1 },
  interfaceFields: { type: ([ref]) => nameOf(ref)!, single: false, argsBefore: 1 },
  interfaceField: { type: ([ref]) => nameOf(ref)!, single: true, argsBefore: 1 },
  prismaObjectFields: { type: ([ref]) => nameOf(ref)!, single: false, argsBefore: 1 },
  prismaObjectField: { type: ([ref]) => nameOf(ref)!, single: true, argsBefore: 1 },
};

/** Refs whose `implement({ fields })` defines the type's fields later. */
const REF_METHODS = new Set(['objectRef', 'interfaceRef', 'inputRef']);

function nameOf(param: unknown): string | undefined {
  if (typeof param === 'string') return param;
  if (param && typeof param === 'object' && 'name' in param) return String((param as { name: unknown }).name);
  return undefined;
}

export class SchemaOwnership {
  /** Who is registering right now; set before handing the builder to a module. */
  owner = 'core';
  private readonly types = new Map<string, string>();
  private readonly fields = new Map<string, string>();

  /** Who defined `Type.field` (core or a plugin name); undefined when nobody claimed it. */
  ownerOf(coordinate: string): string | undefined {
    return this.fields.get(coordinate);
  }

  /**
   * Fields are claimed lazily, when Pothos builds them, so core may claim
   * after a plugin: the plugin is always the one at fault.
   */
  private clash(what: string, previous: string, owner: string): never {
    const [culprit, other] = owner === 'core' ? [previous, owner] : [owner, previous];
    throw new SchemaClashError(culprit, `${what} is already defined by ${other}`);
  }

  private claimType(name: string | undefined, owner: string) {
    if (!name) return;
    const previous = this.types.get(name);
    if (previous !== undefined) this.clash(`type ${name}`, previous, owner);
    this.types.set(name, owner);
  }

  private claimField(type: string, field: string, owner: string) {
    const key = `${type}.${field}`;
    const previous = this.fields.get(key);
    if (previous !== undefined) this.clash(`field ${key}`, previous, owner);
    this.fields.set(key, owner);
  }

  /** Wraps a lazy `fields` thunk so the names it returns are claimed for `owner` when Pothos runs it. */
  private claimingFields(type: string, owner: string, thunk: Callback): Callback {
    return (...args) => {
      const map = thunk(...args) as Record<string, unknown>;
      for (const field of Object.keys(map ?? {})) this.claimField(type, field, owner);
      return map;
    };
  }

  private withClaimingImplement(ref: object, owner: string): object {
    const implement = (ref as { implement?: Callback }).implement;
    if (typeof implement !== 'function') return ref;
    const name = nameOf(ref)!;
    (ref as { implement: Callback }).implement = (options: unknown) => {
      const opts = options as Options;
      return implement.call(ref, opts?.fields ? { ...opts, fields: this.claimingFields(name, owner, opts.fields) } : options);
    };
    return ref;
  }

  /** The builder every module receives: same API, with ownership recorded. */
  wrap(builder: KamSchemaBuilder): KamSchemaBuilder {
    return new Proxy(builder, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof property !== 'string' || typeof value !== 'function') return value;
        const method = value as Callback;
        const typeMethod = TYPE_METHODS[property];
        if (typeMethod) {
          return (...args: unknown[]) => {
            const owner = this.owner;
            const { name, options, claimed } = typeMethod(args);
            if (!claimed) this.claimType(name, owner);
            if (options?.fields && name) {
              const index = args.indexOf(options);
              args[index] = { ...options, fields: this.claimingFields(name, owner, options.fields) };
            }
            return method.apply(target, args);
          };
        }
        const fieldMethod = FIELD_METHODS[property];
        if (fieldMethod) {
          return (...args: unknown[]) => {
            const owner = this.owner;
            const type = fieldMethod.type(args);
            if (fieldMethod.single) {
              this.claimField(type, args[fieldMethod.argsBefore] as string, owner);
            } else {
              const i = fieldMethod.argsBefore;
              args[i] = this.claimingFields(type, owner, args[i] as Callback);
            }
            return method.apply(target, args);
          };
        }
        if (REF_METHODS.has(property)) {
          return (...args: unknown[]) => {
            const owner = this.owner;
            this.claimType(nameOf(args[0]), owner);
            return this.withClaimingImplement(method.apply(target, args) as object, owner);
          };
        }
        return method.bind(target);
      },
    });
  }
}
