/**
 * Demo data: a believable key-account portfolio of one Chinese SME, an
 * industrial-equipment maker (pumps, compressors, conveyors and their
 * service), fully reproducible from a seed number.
 *
 * - `buildDemoData(opts)` is pure: the same `{ seed, now }` gives the same rows,
 *   ids included (`stf_01`, `acc_001`, `per_0001`, `atm_0001`), and never reads
 *   the clock or Math.random.
 * - `seedDemoData(prisma, opts)` writes those rows in one transaction with a
 *   few createMany calls, and refuses to touch a database that already holds
 *   accounts unless `reset` is set.
 *
 * What the data respects (see shared/DOMAIN.md):
 * - staff levels follow the division of labour (TOP owns key-person
 *   relationships, MIDDLE owns sales, FRONTLINE and above own service), and
 *   everybody on a key-account team has served at least 12 months;
 * - one liaison per department per account;
 * - account sizes span small, medium and large by the 2003 SME standard, and
 *   a few accounts miss one of the three measures;
 * - customer-side people form a reporting tree inside their own account.
 *
 * The key persons' private dossiers are the relationship plugin's demo data
 * (plugins/relationship/dossier), seeded after this portfolio.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type {
  AccountStatus,
  AccountTier,
  DecisionRole,
  Industry,
  StaffLevel,
  TeamResponsibility,
} from '../generated/prisma-sqlite/enums.js';
import { SME_STANDARD_2003, type CoveredIndustry, type SizeMeasure } from '../accounts/enterprise-size.js';
import { createRng, type Rng } from './random.js';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** The clock the demo uses when none is given, so the data set is reproducible. */
export const DEFAULT_DEMO_NOW = new Date('2025-07-01T00:00:00.000Z');

/** The (fictional) SME whose staff and customers the demo describes. */
export const DEMO_COMPANY = {
  name: 'Changzhou Jinrui Industrial Equipment Co., Ltd.',
  shortName: 'Jinrui Equipment',
  city: 'Changzhou',
  region: 'Jiangsu',
  products: ['centrifugal pumps', 'screw air compressors', 'belt conveyors', 'dust collectors'],
  /** Staff e-mail domain (a subdomain of the reserved example.com). */
  emailDomain: 'jinrui-equipment.example.com',
} as const;

export interface SeedDemoOptions {
  /** Any integer; the same seed (and `now`) always yields the same data set. */
  seed: number;
  /** The demo's "today"; defaults to DEFAULT_DEMO_NOW. */
  now?: Date;
  /**
   * Delete existing rows first (team members, people, all accounts, and the
   * demo staff) instead of refusing to seed a database that has accounts.
   */
  reset?: boolean;
}

export interface SeedSummary {
  /** Every account written, archived ones included. */
  accounts: number;
  /** Accounts not archived: what `{ accounts { totalCount } }` answers top management. */
  activeAccounts: number;
  keyAccounts: number;
  people: number;
  staff: number;
  teamMembers: number;
}

export interface DemoStaff {
  id: string;
  name: string;
  /** Lower-cased name. */
  searchName: string;
  email: string;
  level: StaffLevel;
  department: string;
  hireDate: Date;
  /** The general manager also holds the data-protection and operator duties (export, erasure, audit). */
  isAdministrator: boolean;
  /** Demo staff are all still employed. */
  leftAt: null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DemoAccount {
  id: string;
  name: string;
  searchName: string;
  industry: Industry;
  employees: number | null;
  annualSales: number | null;
  totalAssets: number | null;
  region: string;
  tier: AccountTier;
  status: AccountStatus;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DemoPerson {
  id: string;
  accountId: string;
  name: string;
  /** Lower-cased name. */
  searchName: string;
  title: string;
  department: string;
  email: string | null;
  phone: string | null;
  decisionRole: DecisionRole;
  isKeyPerson: boolean;
  reportsToId: string | null;
  /** Never set by the demo: nobody asked for erasure yet. */
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DemoTeamMember {
  id: string;
  accountId: string;
  staffId: string;
  responsibility: TeamResponsibility;
  isLiaison: boolean;
  assignedAt: Date;
}

/** Rows in insertion order (parents before children, so FKs hold row by row). */
export interface DemoDataset {
  staff: DemoStaff[];
  accounts: DemoAccount[];
  people: DemoPerson[];
  teamMembers: DemoTeamMember[];
}

/** Thrown when the database already holds data and `reset` was not asked for. */
export class DemoSeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoSeedRefusedError';
  }
}

export function summarizeDemoData(data: DemoDataset): SeedSummary {
  return {
    accounts: data.accounts.length,
    activeAccounts: data.accounts.filter((a) => a.status === 'ACTIVE').length,
    keyAccounts: data.accounts.filter((a) => a.tier === 'KEY').length,
    people: data.people.length,
    staff: data.staff.length,
    teamMembers: data.teamMembers.length,
  };
}

/**
 * The summary in one line, counting accounts as the API does: archived
 * accounts are stored, but lists show active ones unless asked for the others.
 */
export function formatSeedSummary(summary: SeedSummary): string {
  return (
    `${summary.accounts} accounts, ${summary.activeAccounts} active, ${summary.keyAccounts} key; ` +
    `${summary.people} people; ` +
    `${summary.staff} staff, ${summary.teamMembers} team members`
  );
}

/**
 * Writes the demo data set into `prisma` in one transaction.
 * Throws DemoSeedRefusedError if the database already has accounts (or staff
 * with the demo's ids or e-mail domain) and `opts.reset` is not true.
 */
export async function seedDemoData(prisma: PrismaClient, opts: SeedDemoOptions): Promise<SeedSummary> {
  const data = buildDemoData(opts);
  const demoStaffWhere = {
    OR: [{ id: { in: data.staff.map((s) => s.id) } }, { email: { endsWith: `@${DEMO_COMPANY.emailDomain}` } }],
  };

  await prisma.$transaction(
    async (tx) => {
      if (opts.reset) {
        // FK-safe order. Accounts cascade to people and team members anyway
        // (and people to what plugins keep about them, such as dossiers);
        // deleting those first keeps it correct even without cascades.
        await tx.accountTeamMember.deleteMany({});
        await tx.person.updateMany({ data: { reportsToId: null } });
        await tx.person.deleteMany({});
        await tx.account.deleteMany({});
        await tx.staff.deleteMany({ where: demoStaffWhere });
      } else {
        const accounts = await tx.account.count();
        if (accounts > 0) {
          throw new DemoSeedRefusedError(
            `Refusing to seed demo data: the database already has ${accounts} account(s). ` +
              'Seed into an empty database, or pass reset (CLI: --reset) to delete existing accounts, ' +
              'people, team members and demo staff first.',
          );
        }
        const staff = await tx.staff.count({ where: demoStaffWhere });
        if (staff > 0) {
          throw new DemoSeedRefusedError(
            `Refusing to seed demo data: the database already has ${staff} demo staff member(s). ` +
              'Pass reset (CLI: --reset) to replace them.',
          );
        }
      }
      await tx.staff.createMany({ data: data.staff });
      await tx.account.createMany({ data: data.accounts });
      await tx.person.createMany({ data: data.people });
      await tx.accountTeamMember.createMany({ data: data.teamMembers });
    },
    { maxWait: 10_000, timeout: 60_000 },
  );

  return summarizeDemoData(data);
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** Midnight UTC of the given instant's day. */
function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function daysBefore(now: Date, days: number): Date {
  return new Date(startOfUtcDay(now).getTime() - Math.round(days) * DAY_MS);
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + Math.round(days) * DAY_MS);
}

function maxDate(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

function minDate(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

/** A random day in [from, to] (whole days; `to` wins if the range is empty). */
function dayBetween(rng: Rng, from: Date, to: Date): Date {
  const span = Math.floor((to.getTime() - from.getTime()) / DAY_MS);
  if (span <= 0) return new Date(to.getTime());
  return addDays(from, rng.int(0, span));
}

const MONTH_DAYS = 30.44;

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

const SURNAMES = [
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu',
  'Xu', 'Sun', 'Hu', 'Zhu', 'Gao', 'Lin', 'He', 'Guo', 'Ma', 'Luo',
  'Liang', 'Song', 'Zheng', 'Xie', 'Han', 'Tang', 'Feng', 'Yu', 'Dong', 'Xiao',
  'Cheng', 'Cao', 'Yuan', 'Deng', 'Fu', 'Shen', 'Zeng', 'Peng', 'Lu', 'Jiang',
] as const;

const GIVEN_NAMES = [
  'Wei', 'Fang', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yang', 'Yong', 'Yan',
  'Jie', 'Tao', 'Ming', 'Chao', 'Xia', 'Ping', 'Gang', 'Hui', 'Jianguo', 'Haiyan',
  'Zhiqiang', 'Xiaoming', 'Lina', 'Guiying', 'Jianhua', 'Xiuying', 'Dongmei', 'Hongwei', 'Zhiwei', 'Yufei',
  'Kai', 'Bo', 'Lili', 'Xin', 'Peng', 'Rui', 'Hao', 'Yuting', 'Zihan', 'Wenjie',
  'Shuang', 'Liang', 'Chunyan', 'Guoqing', 'Haitao', 'Jiayi', 'Mengyao', 'Xiaohong', 'Junjie', 'Yiming',
] as const;

function personName(rng: Rng): { surname: string; given: string; full: string } {
  const surname = rng.pick(SURNAMES);
  const given = rng.pick(GIVEN_NAMES);
  return { surname, given, full: `${surname} ${given}` };
}

/** A name not in `used` (adds it). */
function uniqueName(rng: Rng, used: Set<string>): { surname: string; given: string; full: string } {
  for (;;) {
    const n = personName(rng);
    if (!used.has(n.full)) {
      used.add(n.full);
      return n;
    }
  }
}

function emailLocal(given: string, surname: string): string {
  return `${given}.${surname}`.toLowerCase();
}

function mobilePhone(rng: Rng): string {
  const prefix = rng.pick(['130', '133', '135', '136', '137', '138', '139', '150', '151', '158', '159', '177', '180', '186', '188', '189']);
  const a = String(rng.int(0, 9999)).padStart(4, '0');
  const b = String(rng.int(0, 9999)).padStart(4, '0');
  return `+86 ${prefix} ${a} ${b}`;
}

// ---------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------

interface StaffTemplate {
  role: string;
  level: StaffLevel;
  department: string;
  /** Hire date range, in months before now. */
  hiredMonthsAgo: readonly [number, number];
}

const DEPT = {
  management: 'Management',
  // Two regional sales departments, so each sales manager works the accounts of one region.
  salesEast: 'Sales East and North',
  salesSouthWest: 'Sales South and West',
  marketing: 'Marketing',
  service: 'Service',
  logistics: 'Logistics',
  techSupport: 'Technical Support',
} as const;

/** The SME's roster: 3 TOP, 6 MIDDLE, 12 FRONTLINE; two frontline staff are recent hires. */
const STAFF_ROSTER: readonly StaffTemplate[] = [
  { role: 'Owner and Chairman', level: 'TOP', department: DEPT.management, hiredMonthsAgo: [168, 216] },
  { role: 'General Manager', level: 'TOP', department: DEPT.management, hiredMonthsAgo: [72, 144] },
  { role: 'Deputy General Manager', level: 'TOP', department: DEPT.management, hiredMonthsAgo: [48, 108] },
  { role: 'Sales Manager, East and North China', level: 'MIDDLE', department: DEPT.salesEast, hiredMonthsAgo: [40, 120] },
  { role: 'Sales Manager, South and West China', level: 'MIDDLE', department: DEPT.salesSouthWest, hiredMonthsAgo: [36, 96] },
  { role: 'Marketing Manager', level: 'MIDDLE', department: DEPT.marketing, hiredMonthsAgo: [30, 84] },
  { role: 'Service Manager', level: 'MIDDLE', department: DEPT.service, hiredMonthsAgo: [36, 108] },
  { role: 'Logistics Manager', level: 'MIDDLE', department: DEPT.logistics, hiredMonthsAgo: [36, 96] },
  { role: 'Technical Support Manager', level: 'MIDDLE', department: DEPT.techSupport, hiredMonthsAgo: [40, 120] },
  { role: 'Sales Representative', level: 'FRONTLINE', department: DEPT.salesEast, hiredMonthsAgo: [26, 72] },
  { role: 'Sales Representative', level: 'FRONTLINE', department: DEPT.salesSouthWest, hiredMonthsAgo: [26, 60] },
  { role: 'Sales Representative', level: 'FRONTLINE', department: DEPT.salesEast, hiredMonthsAgo: [24, 48] },
  { role: 'Sales Representative', level: 'FRONTLINE', department: DEPT.salesSouthWest, hiredMonthsAgo: [3, 10] },
  { role: 'Marketing Specialist', level: 'FRONTLINE', department: DEPT.marketing, hiredMonthsAgo: [24, 48] },
  { role: 'Service Engineer', level: 'FRONTLINE', department: DEPT.service, hiredMonthsAgo: [26, 84] },
  { role: 'Service Engineer', level: 'FRONTLINE', department: DEPT.service, hiredMonthsAgo: [24, 60] },
  { role: 'Logistics Coordinator', level: 'FRONTLINE', department: DEPT.logistics, hiredMonthsAgo: [26, 72] },
  { role: 'Logistics Coordinator', level: 'FRONTLINE', department: DEPT.logistics, hiredMonthsAgo: [24, 48] },
  { role: 'Technical Support Engineer', level: 'FRONTLINE', department: DEPT.techSupport, hiredMonthsAgo: [30, 96] },
  { role: 'Technical Support Engineer', level: 'FRONTLINE', department: DEPT.techSupport, hiredMonthsAgo: [24, 60] },
  { role: 'Technical Support Engineer', level: 'FRONTLINE', department: DEPT.techSupport, hiredMonthsAgo: [2, 11] },
];

/** Minimum service, in months, of anyone the demo puts on a key-account team. */
const KEY_TEAM_MIN_TENURE_MONTHS = 12;

interface StaffDraft extends DemoStaff {
  role: string;
  /** Served long enough (>= 12 whole months, with a margin) for key-account work. */
  veteran: boolean;
}

function buildStaff(rng: Rng, now: Date): StaffDraft[] {
  // The KAM system went live three years before "now"; earlier hires were
  // entered on go-live day.
  const goLive = daysBefore(now, 3 * 365);
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  return STAFF_ROSTER.map((t, i) => {
    const name = uniqueName(rng, usedNames);
    const local = emailLocal(name.given, name.surname);
    let email = `${local}@${DEMO_COMPANY.emailDomain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${DEMO_COMPANY.emailDomain}`;
    usedEmails.add(email);
    const months = rng.float(t.hiredMonthsAgo[0], t.hiredMonthsAgo[1]);
    const hireDate = daysBefore(now, months * MONTH_DAYS);
    const createdAt = maxDate(hireDate, goLive);
    return {
      id: `stf_${String(i + 1).padStart(2, '0')}`,
      name: name.full,
      searchName: name.full.toLowerCase(),
      email,
      level: t.level,
      department: t.department,
      hireDate,
      isAdministrator: t.role === 'General Manager',
      leftAt: null,
      createdAt,
      updatedAt: createdAt,
      role: t.role,
      veteran: hireDate.getTime() <= daysBefore(now, (KEY_TEAM_MIN_TENURE_MONTHS + 1) * MONTH_DAYS).getTime(),
    };
  });
}

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

/** How many accounts of each industry the portfolio holds (40 in all). */
const INDUSTRY_MIX: readonly (readonly [Industry, number])[] = [
  ['INDUSTRIAL', 13],
  ['CONSTRUCTION', 6],
  ['WHOLESALE', 5],
  ['RETAIL', 4],
  ['TRANSPORT', 4],
  ['POST', 2],
  ['HOTEL_CATERING', 3],
  ['OTHER', 3],
];

/** How likely an industry's account is to be a key account for an equipment maker. */
const KEY_AFFINITY: Readonly<Record<Industry, number>> = {
  INDUSTRIAL: 5,
  CONSTRUCTION: 4,
  TRANSPORT: 3,
  WHOLESALE: 2,
  POST: 2,
  RETAIL: 1,
  HOTEL_CATERING: 1,
  OTHER: 1,
};

const REGIONS: readonly (readonly [string, readonly string[], number])[] = [
  ['Jiangsu', ['Suzhou', 'Wuxi', 'Changzhou', 'Nanjing', 'Nantong', 'Yangzhou'], 8],
  ['Zhejiang', ['Hangzhou', 'Ningbo', 'Wenzhou', 'Shaoxing', 'Taizhou', 'Jiaxing'], 6],
  ['Shanghai', ['Shanghai'], 4],
  ['Shandong', ['Jinan', 'Qingdao', 'Yantai', 'Weifang', 'Zibo'], 5],
  ['Guangdong', ['Guangzhou', 'Shenzhen', 'Foshan', 'Dongguan', 'Zhongshan'], 5],
  ['Sichuan', ['Chengdu', 'Mianyang', 'Deyang', 'Zigong'], 3],
  ['Beijing', ['Beijing'], 3],
  ['Hubei', ['Wuhan', 'Xiangyang', 'Yichang', 'Shiyan'], 3],
];

/** Regions covered by the "South and West China" sales manager; the rest go East/North. */
const SOUTH_WEST_REGIONS: ReadonlySet<string> = new Set(['Guangdong', 'Sichuan', 'Hubei']);

/** Invented trade names (pinyin); none is meant to be a real company. */
const BRANDS = [
  'Hengxin', 'Ruida', 'Tianyu', 'Hongyuan', 'Xingchen', 'Dongsheng', 'Yongfeng', 'Longxiang', 'Zhongcheng', 'Jinhai',
  'Huarui', 'Kaiyuan', 'Shengtai', 'Baoyuan', 'Mingda', 'Xinlian', 'Chuangyi', 'Haoyun', 'Anda', 'Changsheng',
  'Dingxin', 'Jiahe', 'Lianfa', 'Qiaosheng', 'Runfeng', 'Taihe', 'Wanfu', 'Yida', 'Huitong', 'Boyuan',
  'Jiuding', 'Lixin', 'Sanhe', 'Tongda', 'Weiye', 'Xinyuan', 'Yuanhang', 'Zhicheng', 'Fengtai', 'Guangming',
  'Hexing', 'Jingrui', 'Kangda', 'Luyuan', 'Minfeng', 'Puhua', 'Qingyun', 'Shunda', 'Tianrun', 'Xiangrui',
  'Yaxin', 'Zhongtai', 'Hualong', 'Jinqiao', 'Ruixiang', 'Songhe',
] as const;

const DESCRIPTORS: Readonly<Record<Industry, readonly string[]>> = {
  INDUSTRIAL: [
    'Precision Casting', 'Auto Parts', 'Chemical Fibre', 'Steel Pipe', 'Paper Products', 'Electric Motor',
    'Plastic Products', 'Textile Machinery', 'Building Ceramics', 'Pharmaceutical', 'Food Processing', 'Valve',
    'Cement', 'Forging', 'Printing and Dyeing', 'Mining Machinery',
  ],
  CONSTRUCTION: [
    'Construction Engineering', 'Road and Bridge Construction', 'Steel Structure Engineering', 'Municipal Engineering',
    'Building Installation', 'Water Conservancy Engineering', 'Foundation Engineering',
  ],
  WHOLESALE: [
    'Industrial Supplies Trading', 'Hardware and Electrical Wholesale', 'Building Materials Trading',
    'Machinery Import and Export', 'Agricultural Produce Wholesale', 'Steel Trading',
  ],
  RETAIL: ['Supermarket Chain', 'Department Store', 'Home Improvement Stores', 'Convenience Stores', 'Farm Machinery Retail'],
  TRANSPORT: ['Logistics', 'Freight Transport', 'Cold Chain Logistics', 'Port Handling', 'Coach Transport', 'Inland Shipping'],
  POST: ['Express Delivery', 'Postal Logistics Services', 'Courier Services'],
  HOTEL_CATERING: ['Hotel Management', 'Catering Management', 'Resort Hotel', 'Restaurant Management'],
  OTHER: ['Property Management', 'Agricultural Development', 'Environmental Sanitation Services', 'Water Supply', 'Vocational Training'],
};

type SizeClass = 'SMALL' | 'MEDIUM' | 'LARGE';

const M = 1_000_000;

/** Thresholds of one measure from the 2003 table, or undefined if the industry does not use it. */
function threshold(industry: CoveredIndustry, measure: SizeMeasure): { upper: number; floor: number } | undefined {
  const t = SME_STANDARD_2003[industry].find((x) => x.measure === measure);
  return t ? { upper: t.smeUpperBound, floor: t.mediumFloor } : undefined;
}

/** Log-uniform in [min, max): sizes spread evenly across orders of magnitude. */
function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(rng.float(Math.log(min), Math.log(max)));
}

const roundTo10k = (x: number): number => Math.round(x / 10_000) * 10_000;

/**
 * Headcount, sales and assets that fall in the wanted 2003 size class: LARGE
 * at or above every upper bound, MEDIUM under the bounds and at or above every
 * floor, SMALL under every floor. OTHER (outside the standard) gets generic figures.
 */
function sizeFigures(rng: Rng, industry: Industry, size: SizeClass): { employees: number; annualSales: number; totalAssets: number } {
  if (industry === 'OTHER') {
    const [eLo, eHi, sLo, sHi] =
      size === 'LARGE' ? [1500, 5000, 300 * M, 1200 * M] : size === 'MEDIUM' ? [200, 1500, 30 * M, 300 * M] : [15, 200, 2 * M, 30 * M];
    const annualSales = roundTo10k(logUniform(rng, sLo, sHi));
    return {
      employees: Math.floor(logUniform(rng, eLo, eHi)),
      annualSales,
      totalAssets: roundTo10k(annualSales * rng.float(0.6, 2.0)),
    };
  }
  const pick = (measure: SizeMeasure): number | undefined => {
    const t = threshold(industry, measure);
    if (!t) return undefined;
    if (size === 'LARGE') return logUniform(rng, t.upper, t.upper * 3);
    if (size === 'MEDIUM') return logUniform(rng, t.floor, t.upper * 0.95);
    return logUniform(rng, Math.max(t.floor * 0.04, measure === 'employees' ? 8 : 1 * M), t.floor * 0.95);
  };
  const employees = Math.floor(pick('employees') as number);
  const annualSales = roundTo10k(pick('annualSales') as number);
  const assets = pick('totalAssets');
  // Industries whose row has no assets column still have a balance sheet.
  const totalAssets = roundTo10k(assets ?? annualSales * rng.float(0.3, 1.2));
  return { employees, annualSales, totalAssets };
}

interface AccountDraft extends DemoAccount {
  brand: string;
  city: string;
  size: SizeClass;
}

function buildAccounts(rng: Rng, now: Date): AccountDraft[] {
  const industries = rng.shuffle(INDUSTRY_MIX.flatMap(([industry, n]) => Array.from({ length: n }, () => industry)));

  // Key accounts: 8-10, weighted towards the industries that buy most equipment.
  const keyCount = rng.int(8, 10);
  const candidates = industries.map((industry, index) => ({ industry, index }));
  const keyIndexes = new Set<number>();
  while (keyIndexes.size < keyCount) {
    const remaining = candidates.filter((c) => !keyIndexes.has(c.index));
    keyIndexes.add(rng.weighted(remaining.map((c) => [c.index, KEY_AFFINITY[c.industry]] as const)));
  }
  const generalIndexes = industries.map((_, i) => i).filter((i) => !keyIndexes.has(i));
  const archivedIndexes = new Set(rng.sample(generalIndexes, rng.int(2, 3)));
  const missingMeasure = new Map<number, SizeMeasure>(
    rng.sample(industries.map((_, i) => i), rng.int(3, 4)).map((i) => [i, rng.pick(['employees', 'annualSales', 'totalAssets'] as const)]),
  );

  // Every 2003 size class shows up: three accounts the standard can classify
  // (covered industry, no missing measure) are made large, medium and small.
  const classifiable = rng.shuffle(industries.map((_, i) => i).filter((i) => industries[i] !== 'OTHER' && !missingMeasure.has(i)));
  const forcedSize = new Map<number, SizeClass>(
    (['LARGE', 'MEDIUM', 'SMALL'] as const).map((size, k) => [classifiable[k] as number, size]),
  );

  const brands = rng.shuffle(BRANDS);
  const usedNames = new Set<string>();
  return industries.map((industry, i) => {
    const tier: AccountTier = keyIndexes.has(i) ? 'KEY' : 'GENERAL';
    // A key account is not the same as a big company: some are small.
    const size: SizeClass =
      forcedSize.get(i) ??
      (tier === 'KEY'
        ? rng.weighted([['LARGE', 3], ['MEDIUM', 5], ['SMALL', 2]] as const)
        : rng.weighted([['LARGE', 1], ['MEDIUM', 4], ['SMALL', 6]] as const));
    const [region, cities] = rng.weighted(REGIONS.map(([r, c, w]) => [[r, c] as const, w] as const));
    const city = rng.pick(cities);
    const brand = brands[i % brands.length] as string;
    const suffix = size === 'LARGE' && rng.chance(0.6) ? 'Group Co., Ltd.' : 'Co., Ltd.';
    let name = '';
    do {
      name = `${city} ${brand} ${rng.pick(DESCRIPTORS[industry])} ${suffix}`;
    } while (usedNames.has(name));
    usedNames.add(name);

    const figures = sizeFigures(rng, industry, size);
    const missing = missingMeasure.get(i);
    // Key accounts have existing business and a long relationship.
    const createdAt = daysBefore(now, tier === 'KEY' ? rng.int(730, 2900) : rng.int(30, 2500));
    const archived = archivedIndexes.has(i);
    // Archived within the last 18 months (and at least 90 days after it was opened).
    const archivedAt = archived
      ? dayBetween(rng, maxDate(addDays(createdAt, 90), daysBefore(now, 540)), daysBefore(now, 7))
      : null;
    const updatedAt = archivedAt ?? dayBetween(rng, createdAt, startOfUtcDay(now));

    return {
      id: `acc_${String(i + 1).padStart(3, '0')}`,
      name,
      searchName: name.toLowerCase(),
      industry,
      employees: missing === 'employees' ? null : figures.employees,
      annualSales: missing === 'annualSales' ? null : figures.annualSales,
      totalAssets: missing === 'totalAssets' ? null : figures.totalAssets,
      region,
      tier,
      status: archived ? 'ARCHIVED' : 'ACTIVE',
      archivedAt,
      createdAt,
      updatedAt,
      brand,
      city,
      size,
    };
  });
}

// ---------------------------------------------------------------------------
// People (the customer side)
// ---------------------------------------------------------------------------

type RoleKey =
  | 'chairman'
  | 'gm'
  | 'deputyGm'
  | 'chiefEngineer'
  | 'financeDirector'
  | 'opsHead'
  | 'procurementDirector'
  | 'equipmentManager'
  | 'secretary'
  | 'safetyOfficer'
  | 'purchasingClerk'
  | 'technician';

interface RoleSpec {
  title: string;
  department: string;
  decisionRole: DecisionRole;
  /** Preferred managers, first present wins; each comes earlier in ROLE_ORDER, so the tree is acyclic. */
  reportsTo: readonly RoleKey[];
}

/** Creation order: every role's possible managers come before it. */
const ROLE_ORDER: readonly RoleKey[] = [
  'chairman',
  'gm',
  'deputyGm',
  'chiefEngineer',
  'financeDirector',
  'opsHead',
  'procurementDirector',
  'equipmentManager',
  'secretary',
  'safetyOfficer',
  'purchasingClerk',
  'technician',
];

/** The operations head's title and department depend on the customer's trade. */
const OPS_HEAD: Readonly<Record<Industry, readonly [string, string]>> = {
  INDUSTRIAL: ['Production Director', 'Production'],
  CONSTRUCTION: ['Project Director', 'Project Management'],
  WHOLESALE: ['Warehouse Manager', 'Warehousing'],
  RETAIL: ['Store Operations Manager', 'Store Operations'],
  TRANSPORT: ['Fleet Manager', 'Fleet Operations'],
  POST: ['Sorting Centre Manager', 'Operations'],
  HOTEL_CATERING: ['Facilities Manager', 'Facilities'],
  OTHER: ['Operations Manager', 'Operations'],
};

function roleSpecs(account: AccountDraft): Record<RoleKey, RoleSpec> {
  const [opsTitle, opsDept] = OPS_HEAD[account.industry];
  const big = account.tier === 'KEY' || account.size !== 'SMALL';
  return {
    chairman: { title: 'Chairman', department: 'Board of Directors', decisionRole: 'DECISION_MAKER', reportsTo: [] },
    gm: { title: 'General Manager', department: 'General Management', decisionRole: 'DECISION_MAKER', reportsTo: ['chairman'] },
    deputyGm: { title: 'Deputy General Manager', department: 'General Management', decisionRole: 'INFLUENCER', reportsTo: ['gm'] },
    chiefEngineer: { title: 'Chief Engineer', department: 'Engineering', decisionRole: 'INFLUENCER', reportsTo: ['deputyGm', 'gm'] },
    financeDirector: { title: 'Finance Director', department: 'Finance', decisionRole: 'INFLUENCER', reportsTo: ['gm'] },
    opsHead: { title: opsTitle, department: opsDept, decisionRole: 'INFLUENCER', reportsTo: ['deputyGm', 'gm'] },
    procurementDirector: {
      title: big ? 'Procurement Director' : 'Procurement Manager',
      department: 'Procurement',
      decisionRole: 'INFLUENCER',
      reportsTo: ['gm'],
    },
    equipmentManager: {
      title: 'Equipment Manager',
      department: 'Equipment',
      decisionRole: 'USER',
      reportsTo: ['chiefEngineer', 'opsHead', 'deputyGm', 'gm'],
    },
    secretary: {
      title: big ? 'Executive Secretary' : 'Office Manager',
      department: 'General Office',
      decisionRole: 'GATEKEEPER',
      reportsTo: ['chairman', 'gm'],
    },
    safetyOfficer: { title: 'Safety Officer', department: 'Safety and Environment', decisionRole: 'OTHER', reportsTo: ['opsHead', 'deputyGm', 'gm'] },
    purchasingClerk: { title: 'Purchasing Clerk', department: 'Procurement', decisionRole: 'GATEKEEPER', reportsTo: ['procurementDirector'] },
    technician: { title: 'Maintenance Technician', department: 'Equipment', decisionRole: 'USER', reportsTo: ['equipmentManager'] },
  };
}

const REQUIRED_ROLES: readonly RoleKey[] = ['gm', 'procurementDirector', 'equipmentManager'];
const OPTIONAL_ROLES: readonly RoleKey[] = [
  'deputyGm',
  'chiefEngineer',
  'financeDirector',
  'opsHead',
  'secretary',
  'safetyOfficer',
  'purchasingClerk',
  'technician',
];

function buildPeople(rng: Rng, accounts: readonly AccountDraft[], now: Date): DemoPerson[] {
  const people: DemoPerson[] = [];
  const today = startOfUtcDay(now);
  for (const account of accounts) {
    const count = account.tier === 'KEY' ? rng.int(5, 8) : rng.int(3, 6);
    const roles = new Set<RoleKey>(REQUIRED_ROLES);
    // Bigger customers and key accounts usually have a chairman above the GM.
    if (roles.size < count && (account.tier === 'KEY' || account.size === 'LARGE' ? rng.chance(0.85) : rng.chance(0.25))) {
      roles.add('chairman');
    }
    for (const role of rng.shuffle(OPTIONAL_ROLES)) {
      if (roles.size >= count) break;
      roles.add(role);
    }

    const specs = roleSpecs(account);
    const idsByRole = new Map<RoleKey, string>();
    const usedNames = new Set<string>();
    const usedEmails = new Set<string>();
    const domain = `${account.brand.toLowerCase()}-${account.city.toLowerCase()}.example.com`;
    for (const role of ROLE_ORDER) {
      if (!roles.has(role)) continue;
      const spec = specs[role];
      const id = `per_${String(people.length + 1).padStart(4, '0')}`;
      idsByRole.set(role, id);
      const managerRole = spec.reportsTo.find((r) => idsByRole.has(r));
      const name = uniqueName(rng, usedNames);
      let email: string | null = null;
      if (rng.chance(0.9)) {
        const local = emailLocal(name.given, name.surname);
        email = `${local}@${domain}`;
        for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${domain}`;
        usedEmails.add(email);
      }
      const createdAt = minDate(addDays(account.createdAt, rng.int(0, 60)), today);
      people.push({
        id,
        accountId: account.id,
        name: name.full,
        searchName: name.full.toLowerCase(),
        title: spec.title,
        department: spec.department,
        email,
        phone: rng.chance(0.95) ? mobilePhone(rng) : null,
        decisionRole: spec.decisionRole,
        // The key persons of a key account are its top decision makers.
        isKeyPerson: account.tier === 'KEY' && spec.decisionRole === 'DECISION_MAKER',
        reportsToId: managerRole ? (idsByRole.get(managerRole) as string) : null,
        erasedAt: null,
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  return people;
}

// ---------------------------------------------------------------------------
// Account teams
// ---------------------------------------------------------------------------

const LEVEL_RANK: Readonly<Record<StaffLevel, number>> = { TOP: 0, MIDDLE: 1, FRONTLINE: 2 };
const SERVICE_DEPARTMENTS: ReadonlySet<string> = new Set([DEPT.service, DEPT.techSupport, DEPT.logistics]);

function buildTeams(rng: Rng, accounts: readonly AccountDraft[], staff: readonly StaffDraft[], now: Date): DemoTeamMember[] {
  const byRole = (role: string) => staff.filter((s) => s.role.startsWith(role));
  const tops = staff.filter((s) => s.level === 'TOP' && s.veteran);
  const eastManager = byRole('Sales Manager, East')[0] as StaffDraft;
  const southWestManager = byRole('Sales Manager, South')[0] as StaffDraft;
  const salesReps = staff.filter((s) => s.level === 'FRONTLINE' && (s.department === DEPT.salesEast || s.department === DEPT.salesSouthWest));
  const keyService = staff.filter((s) => SERVICE_DEPARTMENTS.has(s.department) && s.level !== 'TOP' && s.veteran);
  const keyServiceFirst = keyService.filter((s) => s.level === 'FRONTLINE' && s.department !== DEPT.logistics);
  const generalService = staff.filter((s) => SERVICE_DEPARTMENTS.has(s.department) && s.level !== 'TOP');
  const load = new Map<string, number>(staff.map((s) => [s.id, 0]));

  /** The least loaded of `pool` (ties broken at random), excluding `taken`. */
  const leastLoaded = (pool: readonly StaffDraft[], taken: ReadonlySet<string>, until: Date): StaffDraft => {
    const free = rng.shuffle(pool.filter((s) => !taken.has(s.id) && s.hireDate.getTime() <= until.getTime()));
    if (free.length === 0) throw new Error('demo seed: no staff left to assign');
    return free.reduce((best, s) => ((load.get(s.id) ?? 0) < (load.get(best.id) ?? 0) ? s : best));
  };

  const members: DemoTeamMember[] = [];
  const today = startOfUtcDay(now);
  // Key accounts first, so the relationship owners spread evenly across top management.
  const ordered = [...accounts.filter((a) => a.tier === 'KEY'), ...accounts.filter((a) => a.tier !== 'KEY')];
  const teams = new Map<string, { staff: StaffDraft; responsibility: TeamResponsibility }[]>();
  for (const account of ordered) {
    const team: { staff: StaffDraft; responsibility: TeamResponsibility }[] = [];
    const taken = new Set<string>();
    // Nobody joins the team of an account archived before they were hired.
    const until = account.archivedAt ?? today;
    const add = (s: StaffDraft, responsibility: TeamResponsibility) => {
      team.push({ staff: s, responsibility });
      taken.add(s.id);
      load.set(s.id, (load.get(s.id) ?? 0) + 1);
    };
    if (account.tier === 'KEY') {
      add(leastLoaded(tops, taken, until), 'RELATIONSHIP');
      add(SOUTH_WEST_REGIONS.has(account.region) ? southWestManager : eastManager, 'SALES');
      add(leastLoaded(keyServiceFirst, taken, until), 'SERVICE');
      if (rng.chance(0.6)) add(leastLoaded(keyService, taken, until), 'SERVICE');
    } else {
      // A representative of the account's region; any representative for an account closed before the region's were hired.
      const region = SOUTH_WEST_REGIONS.has(account.region) ? DEPT.salesSouthWest : DEPT.salesEast;
      const regional = salesReps.filter((s) => s.department === region && s.hireDate.getTime() <= until.getTime());
      add(leastLoaded(regional.length > 0 ? regional : salesReps, taken, until), 'SALES');
      if (rng.chance(0.5)) add(leastLoaded(generalService, taken, until), 'SERVICE');
    }
    teams.set(account.id, team);
  }

  // Emit in account order; one liaison per department per account: the most
  // senior member of that department (then the longest serving).
  for (const account of accounts) {
    const team = teams.get(account.id) ?? [];
    const liaisons = new Set<string>();
    const byDept = new Map<string, StaffDraft[]>();
    for (const { staff: s } of team) byDept.set(s.department, [...(byDept.get(s.department) ?? []), s]);
    for (const group of byDept.values()) {
      const [first] = [...group].sort(
        (a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.hireDate.getTime() - b.hireDate.getTime(),
      );
      if (first) liaisons.add(first.id);
    }
    for (const { staff: s, responsibility } of team) {
      const from = maxDate(account.createdAt, s.hireDate);
      const assignedAt = dayBetween(rng, from, minDate(addDays(from, 180), account.archivedAt ?? today));
      members.push({
        id: `atm_${String(members.length + 1).padStart(4, '0')}`,
        accountId: account.id,
        staffId: s.id,
        responsibility,
        isLiaison: liaisons.has(s.id),
        assignedAt,
      });
    }
  }
  return members;
}

// ---------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------

/** The whole demo data set for `opts`, without touching a database. */
export function buildDemoData(opts: Pick<SeedDemoOptions, 'seed' | 'now'>): DemoDataset {
  const now = opts.now ?? DEFAULT_DEMO_NOW;
  if (Number.isNaN(now.getTime())) throw new Error('buildDemoData: `now` is an invalid Date');
  // Independent streams per part, so tweaking one part leaves the others' data alone.
  const staffRng = createRng(opts.seed);
  const accountRng = createRng(opts.seed + 1_000_003);
  const peopleRng = createRng(opts.seed + 2_000_003);
  const teamRng = createRng(opts.seed + 3_000_017);

  const staff = buildStaff(staffRng, now);
  const accounts = buildAccounts(accountRng, now);
  const people = buildPeople(peopleRng, accounts, now);
  const teamMembers = buildTeams(teamRng, accounts, staff, now);
  return {
    staff: staff.map(({ role: _role, veteran: _veteran, ...row }) => row),
    accounts: accounts.map(({ brand: _brand, city: _city, size: _size, ...row }) => row),
    people,
    teamMembers,
  };
}
