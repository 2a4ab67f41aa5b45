/**
 * The cost estimate, figure by figure: fields count 1 plus what they select,
 * connections multiply by their page size (from the document or the
 * variables, defaulted and capped like the page), `nodes` by its ids, other
 * lists by LIST_SIZE_ESTIMATE; introspection and skipped fields count nothing.
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../../src/schema/core-schema.js';
import { LIST_SIZE_ESTIMATE, operationCost, refuseCostlyOperation } from '../../../src/server/security/query-cost.js';

const schema = buildSchema();
const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), variables, undefined);

describe('operationCost', () => {
  it('multiplies a connection by its page size, written in the document', () => {
    // accounts: 1 + 2 × (edges 1 + node 1 + id 1)
    expect(cost('{ accounts(first: 2) { edges { node { id } } } }')).toBe(7);
    expect(cost('{ accounts(last: 3) { edges { node { id } } } }')).toBe(10);
    // totalCount and pageInfo are counted with each item: an overestimate on purpose, the estimate stays simple.
    expect(cost('{ accounts(first: 2) { totalCount edges { node { id } } } }')).toBe(9);
    // Nested pages multiply.
    expect(cost('{ accounts(first: 2) { edges { node { people(first: 3) { edges { node { id } } } } } } }')).toBe(1 + 2 * (1 + 1 + (1 + 3 * 3)));
  });

  it('takes the page size from the variables, defaults it to 20 and caps it at 100', () => {
    const query = 'query($n: Int) { accounts(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 50 })).toBe(1 + 50 * 3);
    expect(cost(query, {})).toBe(1 + 20 * 3);
    expect(cost(query, { n: 1000 })).toBe(1 + 100 * 3);
    expect(cost('query($n: Int = 4) { accounts(first: $n) { edges { node { id } } } }', {})).toBe(1 + 4 * 3);
  });

  it('multiplies nodes(ids:) by its ids and other lists by the list estimate', () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3 * 1);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b'] })).toBe(1 + 2 * 1);
    expect(cost('{ account(id: "a") { teamMembers { id } } }')).toBe(1 + (1 + LIST_SIZE_ESTIMATE * 1));
  });

  it('counts nothing for introspection and for skipped fields, and 1 for __typename', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
    expect(cost('{ __type(name: "Account") { name } }')).toBe(0);
    expect(cost('{ __typename }')).toBe(1);
    expect(cost('query($skip: Boolean!) { accounts(first: 2) @skip(if: $skip) { edges { node { id } } } }', { skip: true })).toBe(0);
    expect(cost('query($skip: Boolean!) { accounts(first: 2) @skip(if: $skip) { edges { node { id } } } }', { skip: false })).toBe(7);
  });

  it('counts the selected operation only, and fragments where they are spread', () => {
    const document = 'query A { accounts(first: 2) { edges { node { ...Id } } } } query B { __typename } fragment Id on Account { id }';
    expect(operationCost(schema, parse(document), {}, 'A')).toBe(7);
    expect(operationCost(schema, parse(document), {}, 'B')).toBe(1);
  });

  it('leaves variables that do not fit to execution, and refuses fragments that expand too far', () => {
    expect(cost('query($n: Int) { accounts(first: $n) { edges { node { id } } } }', { n: 'ten' })).toBeUndefined();
    const bomb = ['{ ...F0 }', ...Array.from({ length: 4 }, (_, i) => `fragment F${i} on Query { __typename${` ...F${i + 1}`.repeat(11)} }`), 'fragment F4 on Query { __typename }'];
    expect(cost(bomb.join('\n'))).toBe(Infinity);
  });
});

describe('refuseCostlyOperation', () => {
  it('lets an operation at the limit run and refuses one above it, saying by how much', () => {
    const document = parse('{ accounts(first: 2) { edges { node { id } } } }');
    expect(refuseCostlyOperation(7, { schema, document })).toBeUndefined();
    const refusal = refuseCostlyOperation(6, { schema, document });
    expect(refusal?.message).toBe('Query cost limit of 6 exceeded, found 7.');
    expect(refusal?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
  });
});
