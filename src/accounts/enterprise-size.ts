/**
 * Enterprise size by the 2003 Chinese SME standard (circular 2003-143, four
 * ministries, 2003-02-19), as tabulated in the domain brief.
 *
 * - SME: under ANY ONE of the industry's upper bounds (strict <).
 * - MEDIUM: an SME that meets ALL the industry's medium floors (>=); else SMALL.
 * - LARGE: not an SME, i.e. at/above every upper bound.
 *
 * Pure and dependency-free on purpose: it runs in resolvers, batch jobs and
 * docs alike, so it must not pull in Prisma or anything stateful.
 */

/** Mirrors the Prisma `Industry` enum; kept local so this module has no imports. */
export type Industry =
  | 'INDUSTRIAL'
  | 'CONSTRUCTION'
  | 'WHOLESALE'
  | 'RETAIL'
  | 'TRANSPORT'
  | 'POST'
  | 'HOTEL_CATERING'
  | 'OTHER';

/** Industries the 2003 standard tabulates (OTHER is outside it). */
export type CoveredIndustry = Exclude<Industry, 'OTHER'>;

export type EnterpriseSize = 'LARGE' | 'MEDIUM' | 'SMALL';

/** The measures the standard uses; names match the `SizeInput` / Account fields. */
export type SizeMeasure = 'employees' | 'annualSales' | 'totalAssets';

export type SizeUnknownReason =
  | 'INDUSTRY_NOT_COVERED'
  | 'MISSING_EMPLOYEES'
  | 'MISSING_ANNUAL_SALES'
  | 'MISSING_TOTAL_ASSETS';

export interface SizeInput {
  industry: Industry;
  /** Headcount (may be an annual average, so fractions are accepted). */
  employees: number | null;
  /** Annual sales revenue, CNY. */
  annualSales: number | null;
  /** Total assets, CNY. */
  totalAssets: number | null;
}

export type SizeClassification =
  | { size: EnterpriseSize; reason: null }
  | {
      size: null;
      reason: SizeUnknownReason;
      /**
       * Every missing measure that could change the answer, in the standard's
       * order (employees, annualSales, totalAssets). `reason` names the first.
       * Empty for INDUSTRY_NOT_COVERED: no data would help there.
       */
      missing: readonly SizeMeasure[];
    };

/** One row cell of the standard: a measure with its SME upper bound and medium floor. */
export interface SizeThreshold {
  readonly measure: SizeMeasure;
  /** SME when the value is strictly below this (any one measure suffices). */
  readonly smeUpperBound: number;
  /** Medium needs the value at or above this (every measure must meet it). */
  readonly mediumFloor: number;
}

const M = 1_000_000;

function row(...thresholds: SizeThreshold[]): readonly SizeThreshold[] {
  // Frozen so no caller can silently change the law for everyone else.
  return Object.freeze(thresholds.map((t) => Object.freeze({ ...t })));
}

/**
 * The 2003 table as data, in the standard's column order. Industries whose row
 * has no totalAssets entry do not use assets at all.
 */
export const SME_STANDARD_2003: Readonly<Record<CoveredIndustry, readonly SizeThreshold[]>> =
  Object.freeze({
    INDUSTRIAL: row(
      { measure: 'employees', smeUpperBound: 2000, mediumFloor: 300 },
      { measure: 'annualSales', smeUpperBound: 300 * M, mediumFloor: 30 * M },
      { measure: 'totalAssets', smeUpperBound: 400 * M, mediumFloor: 40 * M },
    ),
    CONSTRUCTION: row(
      { measure: 'employees', smeUpperBound: 3000, mediumFloor: 600 },
      { measure: 'annualSales', smeUpperBound: 300 * M, mediumFloor: 30 * M },
      { measure: 'totalAssets', smeUpperBound: 400 * M, mediumFloor: 40 * M },
    ),
    WHOLESALE: row(
      { measure: 'employees', smeUpperBound: 200, mediumFloor: 100 },
      { measure: 'annualSales', smeUpperBound: 300 * M, mediumFloor: 30 * M },
    ),
    RETAIL: row(
      { measure: 'employees', smeUpperBound: 500, mediumFloor: 100 },
      { measure: 'annualSales', smeUpperBound: 150 * M, mediumFloor: 10 * M },
    ),
    TRANSPORT: row(
      { measure: 'employees', smeUpperBound: 3000, mediumFloor: 500 },
      { measure: 'annualSales', smeUpperBound: 300 * M, mediumFloor: 30 * M },
    ),
    POST: row(
      { measure: 'employees', smeUpperBound: 1000, mediumFloor: 400 },
      { measure: 'annualSales', smeUpperBound: 300 * M, mediumFloor: 30 * M },
    ),
    HOTEL_CATERING: row(
      { measure: 'employees', smeUpperBound: 800, mediumFloor: 400 },
      { measure: 'annualSales', smeUpperBound: 150 * M, mediumFloor: 30 * M },
    ),
  });

const MISSING_REASON: Readonly<Record<SizeMeasure, SizeUnknownReason>> = {
  employees: 'MISSING_EMPLOYEES',
  annualSales: 'MISSING_ANNUAL_SALES',
  totalAssets: 'MISSING_TOTAL_ASSETS',
};

const MEASURES: readonly SizeMeasure[] = ['employees', 'annualSales', 'totalAssets'];

/** Three-valued truth: `null` means "depends on data we do not have". */
type Maybe = boolean | null;

export function classifyEnterpriseSize(input: SizeInput): SizeClassification {
  // Validate every measure, even unused ones: garbage upstream is a bug worth
  // surfacing, not something to hide because this industry ignores the field.
  for (const measure of MEASURES) {
    const value = input[measure];
    if (value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `classifyEnterpriseSize: ${measure} must be a finite number >= 0 or null, got ${String(value)}`,
      );
    }
  }

  // hasOwn, not `in`/indexing: an unexpected runtime string (a future enum
  // value, or 'toString') must read as "not covered", never as a table row.
  if (!Object.hasOwn(SME_STANDARD_2003, input.industry)) {
    return { size: null, reason: 'INDUSTRY_NOT_COVERED', missing: [] };
  }
  const thresholds = SME_STANDARD_2003[input.industry as CoveredIndustry];

  // isSme = OR(value < upper); isMedium = AND(value >= floor), both in
  // three-valued logic so a known answer is never withheld for lack of data.
  let isSme: Maybe = false;
  let meetsAllFloors: Maybe = true;
  const missing: SizeMeasure[] = [];
  for (const t of thresholds) {
    const value = input[t.measure];
    if (value === null) {
      missing.push(t.measure);
      if (isSme === false) isSme = null;
      if (meetsAllFloors === true) meetsAllFloors = null;
      continue;
    }
    if (value < t.smeUpperBound) isSme = true;
    if (value < t.mediumFloor) meetsAllFloors = false;
  }

  if (isSme === false) return { size: 'LARGE', reason: null };
  if (isSme === true && meetsAllFloors !== null) {
    return { size: meetsAllFloors ? 'MEDIUM' : 'SMALL', reason: null };
  }

  // Undecided. Every missing measure matters here: either all known values
  // are at/above their upper bounds (so any missing one could still make it
  // an SME), or all known values meet their floors (so any missing one could
  // still make it SMALL).
  const first = missing[0];
  if (first === undefined) {
    // Unreachable: undecided implies at least one missing measure.
    throw new Error('classifyEnterpriseSize: undecided without missing data');
  }
  return { size: null, reason: MISSING_REASON[first], missing };
}
