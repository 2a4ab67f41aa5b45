/** Type and field clashes between modules stop the build and name both owners. */
import { describe, expect, it } from 'vitest';
import { createSchemaBuilder } from '../../src/schema/builder.js';
import { SchemaClashError, SchemaOwnership } from '../../src/schema/schema-ownership.js';

function setup() {
  const ownership = new SchemaOwnership();
  const builder = ownership.wrap(createSchemaBuilder());
  builder.queryType({});
  builder.queryFields((t) => ({ hello: t.string({ resolve: () => 'core' }) }));
  const Thing = builder.objectRef<{ id: string }>('Thing').implement({ fields: (t) => ({ id: t.exposeString('id') }) });
  return { ownership, builder, Thing };
}

function clash(build: () => unknown): SchemaClashError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaClashError);
    return error as SchemaClashError;
  }
  throw new Error('expected a clash');
}

describe('schema ownership', () => {
  it('builds when modules add distinct types and fields, including fields on core types', () => {
    const { ownership, builder, Thing } = setup();
    ownership.owner = 'partner';
    builder.objectType(builder.objectRef<object>('PartnerThing'), { fields: (t) => ({ ok: t.boolean({ resolve: () => true }) }) });
    builder.queryField('partnerThing', (t) => t.field({ type: 'PartnerThing' as never, resolve: () => ({}) as never }));
    builder.objectField(Thing, 'extra', (t) => t.string({ resolve: () => 'x' }));
    builder.queryField('partnerHello', (t) => t.string({ resolve: () => 'partner' }));
    const schema = builder.toSchema();
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['hello', 'partnerHello', 'partnerThing']);
    expect(schema.getType('PartnerThing')).toBeDefined();
  });

  it('names both owners when a type name is taken', () => {
    const { ownership, builder } = setup();
    ownership.owner = 'partner';
    const error = clash(() => builder.objectRef('Thing'));
    expect(error).toMatchObject({ owner: 'partner', message: 'type Thing is already defined by core' });
    expect(clash(() => builder.enumType('Thing', { values: ['A'] as const })).message).toBe('type Thing is already defined by core');
  });

  it('names both owners when a field is taken, on Query or on a type', () => {
    const { ownership, builder, Thing } = setup();
    ownership.owner = 'partner';
    builder.queryFields((t) => ({ hello: t.string({ resolve: () => 'again' }) }));
    expect(clash(() => builder.toSchema()).message).toBe('field Query.hello is already defined by core');

    const second = setup();
    second.ownership.owner = 'partner';
    second.builder.objectField(second.Thing, 'id', (t) => t.string({ resolve: () => 'x' }));
    expect(clash(() => second.builder.toSchema())).toMatchObject({ owner: 'partner', message: 'field Thing.id is already defined by core' });
    void Thing;
  });

  it('tells two plugins apart', () => {
    const { ownership, builder } = setup();
    ownership.owner = 'first';
    builder.queryField('shared', (t) => t.string({ resolve: () => '1' }));
    ownership.owner = 'second';
    expect(clash(() => builder.queryField('shared', (t) => t.string({ resolve: () => '2' })))).toMatchObject({
      owner: 'second',
      message: 'field Query.shared is already defined by first',
    });
  });
});
