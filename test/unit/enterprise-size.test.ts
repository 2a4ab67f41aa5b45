import { describe, it, expect } from 'vitest';
import {
  classifyEnterpriseSize,
  SME_STANDARD_2003,
  type EnterpriseSize,
  type Industry,
  type SizeClassification,
  type SizeInput,
} from '../../src/accounts/enterprise-size.js';
import { Industry as PrismaIndustry } from '../../src/generated/prisma-sqlite/enums.js';

// Every expectation below is a literal copied from the table in
// /work/shared/DOMAIN.md, never read back from SME_STANDARD_2003: a wrong
// table must make these tests fail, not move with it.

type Row = readonly [
  industry: Industry,
  what: string,
  employees: number | null,
  annualSales: number | null,
  totalAssets: number | null,
  expected: EnterpriseSize,
];

function classify(
  industry: Industry,
  employees: number | null,
  annualSales: number | null,
  totalAssets: number | null,
): SizeClassification {
  return classifyEnterpriseSize({ industry, employees, annualSales, totalAssets });
}

// Upper-bound rows hold the other measures exactly AT their upper bounds, so
// the measure under test alone decides SME vs LARGE. Floor rows hold the other
// measures exactly AT their floors, so the measure under test alone decides
// MEDIUM vs SMALL.
const BOUNDARY_ROWS: readonly Row[] = [
  // INDUSTRIAL: < 2000 staff | < 300 M sales | < 400 M assets; floors 300 / 30 M / 40 M
  ['INDUSTRIAL', 'staff upper -1', 1999, 300_000_000, 400_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'staff upper', 2000, 300_000_000, 400_000_000, 'LARGE'],
  ['INDUSTRIAL', 'staff upper +1', 2001, 300_000_000, 400_000_000, 'LARGE'],
  ['INDUSTRIAL', 'sales upper -1', 2000, 299_999_999, 400_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'sales upper', 2000, 300_000_000, 400_000_000, 'LARGE'],
  ['INDUSTRIAL', 'sales upper +1', 2000, 300_000_001, 400_000_000, 'LARGE'],
  ['INDUSTRIAL', 'assets upper -1', 2000, 300_000_000, 399_999_999, 'MEDIUM'],
  ['INDUSTRIAL', 'assets upper', 2000, 300_000_000, 400_000_000, 'LARGE'],
  ['INDUSTRIAL', 'assets upper +1', 2000, 300_000_000, 400_000_001, 'LARGE'],
  ['INDUSTRIAL', 'staff floor -1', 299, 30_000_000, 40_000_000, 'SMALL'],
  ['INDUSTRIAL', 'staff floor', 300, 30_000_000, 40_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'staff floor +1', 301, 30_000_000, 40_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'sales floor -1', 300, 29_999_999, 40_000_000, 'SMALL'],
  ['INDUSTRIAL', 'sales floor', 300, 30_000_000, 40_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'sales floor +1', 300, 30_000_001, 40_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'assets floor -1', 300, 30_000_000, 39_999_999, 'SMALL'],
  ['INDUSTRIAL', 'assets floor', 300, 30_000_000, 40_000_000, 'MEDIUM'],
  ['INDUSTRIAL', 'assets floor +1', 300, 30_000_000, 40_000_001, 'MEDIUM'],

  // CONSTRUCTION: < 3000 staff | < 300 M sales | < 400 M assets; floors 600 / 30 M / 40 M
  ['CONSTRUCTION', 'staff upper -1', 2999, 300_000_000, 400_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'staff upper', 3000, 300_000_000, 400_000_000, 'LARGE'],
  ['CONSTRUCTION', 'staff upper +1', 3001, 300_000_000, 400_000_000, 'LARGE'],
  ['CONSTRUCTION', 'sales upper -1', 3000, 299_999_999, 400_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'sales upper', 3000, 300_000_000, 400_000_000, 'LARGE'],
  ['CONSTRUCTION', 'sales upper +1', 3000, 300_000_001, 400_000_000, 'LARGE'],
  ['CONSTRUCTION', 'assets upper -1', 3000, 300_000_000, 399_999_999, 'MEDIUM'],
  ['CONSTRUCTION', 'assets upper', 3000, 300_000_000, 400_000_000, 'LARGE'],
  ['CONSTRUCTION', 'assets upper +1', 3000, 300_000_000, 400_000_001, 'LARGE'],
  ['CONSTRUCTION', 'staff floor -1', 599, 30_000_000, 40_000_000, 'SMALL'],
  ['CONSTRUCTION', 'staff floor', 600, 30_000_000, 40_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'staff floor +1', 601, 30_000_000, 40_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'sales floor -1', 600, 29_999_999, 40_000_000, 'SMALL'],
  ['CONSTRUCTION', 'sales floor', 600, 30_000_000, 40_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'sales floor +1', 600, 30_000_001, 40_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'assets floor -1', 600, 30_000_000, 39_999_999, 'SMALL'],
  ['CONSTRUCTION', 'assets floor', 600, 30_000_000, 40_000_000, 'MEDIUM'],
  ['CONSTRUCTION', 'assets floor +1', 600, 30_000_000, 40_000_001, 'MEDIUM'],

  // WHOLESALE: < 200 staff | < 300 M sales; floors 100 / 30 M
  ['WHOLESALE', 'staff upper -1', 199, 300_000_000, null, 'MEDIUM'],
  ['WHOLESALE', 'staff upper', 200, 300_000_000, null, 'LARGE'],
  ['WHOLESALE', 'staff upper +1', 201, 300_000_000, null, 'LARGE'],
  ['WHOLESALE', 'sales upper -1', 200, 299_999_999, null, 'MEDIUM'],
  ['WHOLESALE', 'sales upper', 200, 300_000_000, null, 'LARGE'],
  ['WHOLESALE', 'sales upper +1', 200, 300_000_001, null, 'LARGE'],
  ['WHOLESALE', 'staff floor -1', 99, 30_000_000, null, 'SMALL'],
  ['WHOLESALE', 'staff floor', 100, 30_000_000, null, 'MEDIUM'],
  ['WHOLESALE', 'staff floor +1', 101, 30_000_000, null, 'MEDIUM'],
  ['WHOLESALE', 'sales floor -1', 100, 29_999_999, null, 'SMALL'],
  ['WHOLESALE', 'sales floor', 100, 30_000_000, null, 'MEDIUM'],
  ['WHOLESALE', 'sales floor +1', 100, 30_000_001, null, 'MEDIUM'],

  // RETAIL: < 500 staff | < 150 M sales; floors 100 / 10 M
  ['RETAIL', 'staff upper -1', 499, 150_000_000, null, 'MEDIUM'],
  ['RETAIL', 'staff upper', 500, 150_000_000, null, 'LARGE'],
  ['RETAIL', 'staff upper +1', 501, 150_000_000, null, 'LARGE'],
  ['RETAIL', 'sales upper -1', 500, 149_999_999, null, 'MEDIUM'],
  ['RETAIL', 'sales upper', 500, 150_000_000, null, 'LARGE'],
  ['RETAIL', 'sales upper +1', 500, 150_000_001, null, 'LARGE'],
  ['RETAIL', 'staff floor -1', 99, 10_000_000, null, 'SMALL'],
  ['RETAIL', 'staff floor', 100, 10_000_000, null, 'MEDIUM'],
  ['RETAIL', 'staff floor +1', 101, 10_000_000, null, 'MEDIUM'],
  ['RETAIL', 'sales floor -1', 100, 9_999_999, null, 'SMALL'],
  ['RETAIL', 'sales floor', 100, 10_000_000, null, 'MEDIUM'],
  ['RETAIL', 'sales floor +1', 100, 10_000_001, null, 'MEDIUM'],

  // TRANSPORT: < 3000 staff | < 300 M sales; floors 500 / 30 M
  ['TRANSPORT', 'staff upper -1', 2999, 300_000_000, null, 'MEDIUM'],
  ['TRANSPORT', 'staff upper', 3000, 300_000_000, null, 'LARGE'],
  ['TRANSPORT', 'staff upper +1', 3001, 300_000_000, null, 'LARGE'],
  ['TRANSPORT', 'sales upper -1', 3000, 299_999_999, null, 'MEDIUM'],
  ['TRANSPORT', 'sales upper', 3000, 300_000_000, null, 'LARGE'],
  ['TRANSPORT', 'sales upper +1', 3000, 300_000_001, null, 'LARGE'],
  ['TRANSPORT', 'staff floor -1', 499, 30_000_000, null, 'SMALL'],
  ['TRANSPORT', 'staff floor', 500, 30_000_000, null, 'MEDIUM'],
  ['TRANSPORT', 'staff floor +1', 501, 30_000_000, null, 'MEDIUM'],
  ['TRANSPORT', 'sales floor -1', 500, 29_999_999, null, 'SMALL'],
  ['TRANSPORT', 'sales floor', 500, 30_000_000, null, 'MEDIUM'],
  ['TRANSPORT', 'sales floor +1', 500, 30_000_001, null, 'MEDIUM'],

  // POST: < 1000 staff | < 300 M sales; floors 400 / 30 M
  ['POST', 'staff upper -1', 999, 300_000_000, null, 'MEDIUM'],
  ['POST', 'staff upper', 1000, 300_000_000, null, 'LARGE'],
  ['POST', 'staff upper +1', 1001, 300_000_000, null, 'LARGE'],
  ['POST', 'sales upper -1', 1000, 299_999_999, null, 'MEDIUM'],
  ['POST', 'sales upper', 1000, 300_000_000, null, 'LARGE'],
  ['POST', 'sales upper +1', 1000, 300_000_001, null, 'LARGE'],
  ['POST', 'staff floor -1', 399, 30_000_000, null, 'SMALL'],
  ['POST', 'staff floor', 400, 30_000_000, null, 'MEDIUM'],
  ['POST', 'staff floor +1', 401, 30_000_000, null, 'MEDIUM'],
  ['POST', 'sales floor -1', 400, 29_999_999, null, 'SMALL'],
  ['POST', 'sales floor', 400, 30_000_000, null, 'MEDIUM'],
  ['POST', 'sales floor +1', 400, 30_000_001, null, 'MEDIUM'],

  // HOTEL_CATERING: < 800 staff | < 150 M sales; floors 400 / 30 M
  ['HOTEL_CATERING', 'staff upper -1', 799, 150_000_000, null, 'MEDIUM'],
  ['HOTEL_CATERING', 'staff upper', 800, 150_000_000, null, 'LARGE'],
  ['HOTEL_CATERING', 'staff upper +1', 801, 150_000_000, null, 'LARGE'],
  ['HOTEL_CATERING', 'sales upper -1', 800, 149_999_999, null, 'MEDIUM'],
  ['HOTEL_CATERING', 'sales upper', 800, 150_000_000, null, 'LARGE'],
  ['HOTEL_CATERING', 'sales upper +1', 800, 150_000_001, null, 'LARGE'],
  ['HOTEL_CATERING', 'staff floor -1', 399, 30_000_000, null, 'SMALL'],
  ['HOTEL_CATERING', 'staff floor', 400, 30_000_000, null, 'MEDIUM'],
  ['HOTEL_CATERING', 'staff floor +1', 401, 30_000_000, null, 'MEDIUM'],
  ['HOTEL_CATERING', 'sales floor -1', 400, 29_999_999, null, 'SMALL'],
  ['HOTEL_CATERING', 'sales floor', 400, 30_000_000, null, 'MEDIUM'],
  ['HOTEL_CATERING', 'sales floor +1', 400, 30_000_001, null, 'MEDIUM'],
];

describe('classifyEnterpriseSize: every bound and floor, at the boundary and one unit each side', () => {
  it.each(BOUNDARY_ROWS)('%s %s (%s staff, %s sales, %s assets) -> %s', (industry, _what, e, s, a, expected) => {
    expect(classify(industry, e, s, a)).toEqual({ size: expected, reason: null });
  });
});

describe('LARGE only when every measure is at/above every upper bound', () => {
  // 'at' = exactly on the upper bound, 'under' = one unit below it.
  const rows: readonly Row[] = [
    ['INDUSTRIAL', 'at/at/at', 2000, 300_000_000, 400_000_000, 'LARGE'],
    ['INDUSTRIAL', 'under/at/at', 1999, 300_000_000, 400_000_000, 'MEDIUM'],
    ['INDUSTRIAL', 'at/under/at', 2000, 299_999_999, 400_000_000, 'MEDIUM'],
    ['INDUSTRIAL', 'at/at/under', 2000, 300_000_000, 399_999_999, 'MEDIUM'],
    ['INDUSTRIAL', 'under/under/at', 1999, 299_999_999, 400_000_000, 'MEDIUM'],
    ['INDUSTRIAL', 'under/at/under', 1999, 300_000_000, 399_999_999, 'MEDIUM'],
    ['INDUSTRIAL', 'at/under/under', 2000, 299_999_999, 399_999_999, 'MEDIUM'],
    ['INDUSTRIAL', 'under/under/under', 1999, 299_999_999, 399_999_999, 'MEDIUM'],
    ['WHOLESALE', 'at/at', 200, 300_000_000, null, 'LARGE'],
    ['WHOLESALE', 'under/at', 199, 300_000_000, null, 'MEDIUM'],
    ['WHOLESALE', 'at/under', 200, 299_999_999, null, 'MEDIUM'],
    ['WHOLESALE', 'under/under', 199, 299_999_999, null, 'MEDIUM'],
    // Huge on one measure, tiny on another: still an SME (any one bound suffices).
    ['INDUSTRIAL', 'huge staff, tiny sales', 1_000_000, 1, 10_000_000_000, 'SMALL'],
    ['RETAIL', 'huge sales, tiny staff', 5, 10_000_000_000, null, 'SMALL'],
  ];
  it.each(rows)('%s %s -> %s', (industry, _what, e, s, a, expected) => {
    expect(classify(industry, e, s, a)).toEqual({ size: expected, reason: null });
  });
});

describe('MEDIUM needs every floor', () => {
  // 'at' = exactly on the floor, 'below' = one unit under it.
  const rows: readonly Row[] = [
    ['INDUSTRIAL', 'at/at/at', 300, 30_000_000, 40_000_000, 'MEDIUM'],
    ['INDUSTRIAL', 'below/at/at', 299, 30_000_000, 40_000_000, 'SMALL'],
    ['INDUSTRIAL', 'at/below/at', 300, 29_999_999, 40_000_000, 'SMALL'],
    ['INDUSTRIAL', 'at/at/below', 300, 30_000_000, 39_999_999, 'SMALL'],
    ['INDUSTRIAL', 'below/below/at', 299, 29_999_999, 40_000_000, 'SMALL'],
    ['INDUSTRIAL', 'below/at/below', 299, 30_000_000, 39_999_999, 'SMALL'],
    ['INDUSTRIAL', 'at/below/below', 300, 29_999_999, 39_999_999, 'SMALL'],
    ['INDUSTRIAL', 'below/below/below', 299, 29_999_999, 39_999_999, 'SMALL'],
    ['RETAIL', 'at/at', 100, 10_000_000, null, 'MEDIUM'],
    ['RETAIL', 'below/at', 99, 10_000_000, null, 'SMALL'],
    ['RETAIL', 'at/below', 100, 9_999_999, null, 'SMALL'],
    ['RETAIL', 'below/below', 99, 9_999_999, null, 'SMALL'],
    // Two measures far above their floors do not rescue one that is below.
    ['CONSTRUCTION', 'big staff+sales, low assets', 2999, 299_999_999, 39_999_999, 'SMALL'],
    // All zero is a (very) small enterprise, not missing data.
    ['INDUSTRIAL', 'all zero', 0, 0, 0, 'SMALL'],
    ['HOTEL_CATERING', 'all zero', 0, 0, null, 'SMALL'],
  ];
  it.each(rows)('%s %s -> %s', (industry, _what, e, s, a, expected) => {
    expect(classify(industry, e, s, a)).toEqual({ size: expected, reason: null });
  });
});

describe('total assets are ignored where the standard does not use them', () => {
  const rows: readonly Row[] = [
    // Tiny assets cannot make these SMEs; huge assets cannot stop them being MEDIUM.
    ['WHOLESALE', 'large, assets 0', 200, 300_000_000, 0, 'LARGE'],
    ['WHOLESALE', 'medium, huge assets', 100, 30_000_000, 10_000_000_000, 'MEDIUM'],
    ['RETAIL', 'large, assets 0', 500, 150_000_000, 0, 'LARGE'],
    ['RETAIL', 'medium, huge assets', 100, 10_000_000, 10_000_000_000, 'MEDIUM'],
    ['TRANSPORT', 'large, assets 0', 3000, 300_000_000, 0, 'LARGE'],
    ['TRANSPORT', 'medium, huge assets', 500, 30_000_000, 10_000_000_000, 'MEDIUM'],
    ['POST', 'large, assets 0', 1000, 300_000_000, 0, 'LARGE'],
    ['POST', 'medium, huge assets', 400, 30_000_000, 10_000_000_000, 'MEDIUM'],
    ['HOTEL_CATERING', 'large, assets 0', 800, 150_000_000, 0, 'LARGE'],
    ['HOTEL_CATERING', 'medium, huge assets', 400, 30_000_000, 10_000_000_000, 'MEDIUM'],
  ];
  it.each(rows)('%s %s -> %s', (industry, _what, e, s, a, expected) => {
    expect(classify(industry, e, s, a)).toEqual({ size: expected, reason: null });
  });

  it.each(['WHOLESALE', 'RETAIL', 'TRANSPORT', 'POST', 'HOTEL_CATERING'] as const)(
    '%s never asks for total assets',
    (industry) => {
      expect(classify(industry, null, null, null)).toEqual({
        size: null,
        reason: 'MISSING_EMPLOYEES',
        missing: ['employees', 'annualSales'],
      });
    },
  );
});

describe('missing data: decided when the known measures settle it', () => {
  const rows: readonly Row[] = [
    // A known measure below its floor is also under its upper bound: SME, and not medium.
    ['INDUSTRIAL', 'staff below floor, rest missing', 299, null, null, 'SMALL'],
    ['INDUSTRIAL', 'sales below floor, rest missing', null, 29_999_999, null, 'SMALL'],
    ['INDUSTRIAL', 'assets below floor, rest missing', null, null, 39_999_999, 'SMALL'],
    ['INDUSTRIAL', 'staff at upper, sales below floor, assets missing', 2000, 29_999_999, null, 'SMALL'],
    ['CONSTRUCTION', 'staff below floor, rest missing', 599, null, null, 'SMALL'],
    ['WHOLESALE', 'staff below floor, sales missing', 99, null, null, 'SMALL'],
    ['WHOLESALE', 'sales below floor, staff missing', null, 29_999_999, null, 'SMALL'],
    ['RETAIL', 'staff below floor, sales missing', 99, null, null, 'SMALL'],
    ['RETAIL', 'sales below floor, staff missing', null, 9_999_999, null, 'SMALL'],
    ['TRANSPORT', 'staff below floor, sales missing', 499, null, null, 'SMALL'],
    ['POST', 'sales below floor, staff missing', null, 29_999_999, null, 'SMALL'],
    ['HOTEL_CATERING', 'staff below floor, sales missing', 399, null, null, 'SMALL'],
    // Missing assets do not matter for industries that do not use them.
    ['TRANSPORT', 'large, assets missing', 3000, 300_000_000, null, 'LARGE'],
  ];
  it.each(rows)('%s %s -> %s', (industry, _what, e, s, a, expected) => {
    expect(classify(industry, e, s, a)).toEqual({ size: expected, reason: null });
  });
});

describe('missing data: null when a missing measure would decide it', () => {
  const rows: ReadonlyArray<readonly [string, SizeInput, SizeClassification]> = [
    [
      'INDUSTRIAL all missing',
      { industry: 'INDUSTRIAL', employees: null, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_EMPLOYEES', missing: ['employees', 'annualSales', 'totalAssets'] },
    ],
    [
      // SME for sure (staff under 2000), but MEDIUM vs SMALL rests on sales and assets.
      'INDUSTRIAL SME known, floors unknown',
      { industry: 'INDUSTRIAL', employees: 1999, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales', 'totalAssets'] },
    ],
    [
      'INDUSTRIAL staff+sales meet floors, assets missing',
      { industry: 'INDUSTRIAL', employees: 300, annualSales: 30_000_000, totalAssets: null },
      { size: null, reason: 'MISSING_TOTAL_ASSETS', missing: ['totalAssets'] },
    ],
    [
      // Both known at their upper bounds: assets could make it LARGE, MEDIUM or SMALL.
      'INDUSTRIAL staff+sales at upper, assets missing',
      { industry: 'INDUSTRIAL', employees: 2000, annualSales: 300_000_000, totalAssets: null },
      { size: null, reason: 'MISSING_TOTAL_ASSETS', missing: ['totalAssets'] },
    ],
    [
      'INDUSTRIAL staff missing, rest at upper',
      { industry: 'INDUSTRIAL', employees: null, annualSales: 300_000_000, totalAssets: 400_000_000 },
      { size: null, reason: 'MISSING_EMPLOYEES', missing: ['employees'] },
    ],
    [
      'CONSTRUCTION staff at upper, sales+assets missing',
      { industry: 'CONSTRUCTION', employees: 3000, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales', 'totalAssets'] },
    ],
    [
      'CONSTRUCTION staff at floor, sales missing, assets at floor',
      { industry: 'CONSTRUCTION', employees: 600, annualSales: null, totalAssets: 40_000_000 },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales'] },
    ],
    [
      'WHOLESALE staff at floor, sales missing',
      { industry: 'WHOLESALE', employees: 100, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales'] },
    ],
    [
      'WHOLESALE staff at upper, sales missing',
      { industry: 'WHOLESALE', employees: 200, annualSales: null, totalAssets: 1 },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales'] },
    ],
    [
      'RETAIL staff missing, sales at upper',
      { industry: 'RETAIL', employees: null, annualSales: 150_000_000, totalAssets: null },
      { size: null, reason: 'MISSING_EMPLOYEES', missing: ['employees'] },
    ],
    [
      'TRANSPORT staff missing, sales at floor',
      { industry: 'TRANSPORT', employees: null, annualSales: 30_000_000, totalAssets: null },
      { size: null, reason: 'MISSING_EMPLOYEES', missing: ['employees'] },
    ],
    [
      'POST staff at floor, sales missing',
      { industry: 'POST', employees: 400, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales'] },
    ],
    [
      'HOTEL_CATERING staff at upper, sales missing',
      { industry: 'HOTEL_CATERING', employees: 800, annualSales: null, totalAssets: null },
      { size: null, reason: 'MISSING_ANNUAL_SALES', missing: ['annualSales'] },
    ],
  ];
  it.each(rows)('%s', (_what, input, expected) => {
    expect(classifyEnterpriseSize(input)).toEqual(expected);
  });
});

describe('industries outside the 2003 standard', () => {
  const notCovered = { size: null, reason: 'INDUSTRY_NOT_COVERED', missing: [] };

  it('OTHER is not covered, even with every measure known', () => {
    expect(classify('OTHER', 50, 1_000_000, 1_000_000)).toEqual(notCovered);
  });

  it('OTHER is not covered (not "missing data") when every measure is missing', () => {
    expect(classify('OTHER', null, null, null)).toEqual(notCovered);
  });

  it('an unexpected runtime industry string is not covered, never a prototype key', () => {
    expect(classify('toString' as Industry, 1, 1, 1)).toEqual(notCovered);
    expect(classify('MINING' as Industry, 1, 1, 1)).toEqual(notCovered);
  });
});

describe('invalid measures are rejected', () => {
  const bad: ReadonlyArray<readonly [string, Partial<SizeInput>]> = [
    ['NaN employees', { employees: Number.NaN }],
    ['negative employees', { employees: -1 }],
    ['NaN sales', { annualSales: Number.NaN }],
    ['negative sales', { annualSales: -0.01 }],
    ['infinite sales', { annualSales: Number.POSITIVE_INFINITY }],
    ['NaN assets', { totalAssets: Number.NaN }],
    ['negative assets', { totalAssets: -1 }],
  ];
  const valid: SizeInput = { industry: 'INDUSTRIAL', employees: 10, annualSales: 10, totalAssets: 10 };

  it.each(bad)('%s throws RangeError', (_what, patch) => {
    expect(() => classifyEnterpriseSize({ ...valid, ...patch })).toThrow(RangeError);
  });

  it('rejects a bad value even where the industry would not use it', () => {
    expect(() => classify('RETAIL', 10, 10, Number.NaN)).toThrow(RangeError);
    expect(() => classify('OTHER', -5, null, null)).toThrow(RangeError);
  });

  it('accepts fractional values and judges them with strict <', () => {
    expect(classify('INDUSTRIAL', 1999.5, 300_000_000, 400_000_000)).toEqual({ size: 'MEDIUM', reason: null });
    expect(classify('RETAIL', 500, 149_999_999.99, null)).toEqual({ size: 'MEDIUM', reason: null });
    expect(classify('RETAIL', 99.9, 10_000_000, null)).toEqual({ size: 'SMALL', reason: null });
  });
});

describe('SME_STANDARD_2003 (the table as data)', () => {
  it('matches the DOMAIN.md table cell by cell', () => {
    const m = 1_000_000;
    expect(SME_STANDARD_2003).toEqual({
      INDUSTRIAL: [
        { measure: 'employees', smeUpperBound: 2000, mediumFloor: 300 },
        { measure: 'annualSales', smeUpperBound: 300 * m, mediumFloor: 30 * m },
        { measure: 'totalAssets', smeUpperBound: 400 * m, mediumFloor: 40 * m },
      ],
      CONSTRUCTION: [
        { measure: 'employees', smeUpperBound: 3000, mediumFloor: 600 },
        { measure: 'annualSales', smeUpperBound: 300 * m, mediumFloor: 30 * m },
        { measure: 'totalAssets', smeUpperBound: 400 * m, mediumFloor: 40 * m },
      ],
      WHOLESALE: [
        { measure: 'employees', smeUpperBound: 200, mediumFloor: 100 },
        { measure: 'annualSales', smeUpperBound: 300 * m, mediumFloor: 30 * m },
      ],
      RETAIL: [
        { measure: 'employees', smeUpperBound: 500, mediumFloor: 100 },
        { measure: 'annualSales', smeUpperBound: 150 * m, mediumFloor: 10 * m },
      ],
      TRANSPORT: [
        { measure: 'employees', smeUpperBound: 3000, mediumFloor: 500 },
        { measure: 'annualSales', smeUpperBound: 300 * m, mediumFloor: 30 * m },
      ],
      POST: [
        { measure: 'employees', smeUpperBound: 1000, mediumFloor: 400 },
        { measure: 'annualSales', smeUpperBound: 300 * m, mediumFloor: 30 * m },
      ],
      HOTEL_CATERING: [
        { measure: 'employees', smeUpperBound: 800, mediumFloor: 400 },
        { measure: 'annualSales', smeUpperBound: 150 * m, mediumFloor: 30 * m },
      ],
    });
  });

  it('covers exactly the Prisma Industry enum minus OTHER', () => {
    // Catches drift if the schema gains an industry this module does not know.
    const prismaIndustries = Object.values(PrismaIndustry).filter((i) => i !== 'OTHER').sort();
    expect(Object.keys(SME_STANDARD_2003).sort()).toEqual(prismaIndustries);
  });

  it('is frozen, so no caller can change the law for everyone', () => {
    expect(Object.isFrozen(SME_STANDARD_2003)).toBe(true);
    for (const rowData of Object.values(SME_STANDARD_2003)) {
      expect(Object.isFrozen(rowData)).toBe(true);
      for (const cell of rowData) expect(Object.isFrozen(cell)).toBe(true);
    }
  });
});
