/**
 * The access rules applied to one viewer for one request (or one websocket
 * subscription): which operations they may run, and which accounts they
 * reach with each. Lists filter in SQL with `accountWhere`; single records
 * are checked with `canRead` (batched per request) or `authorize`.
 */
import DataLoader from 'dataloader';
import type { Prisma, PrismaClient } from '../generated/prisma-sqlite/client.js';
import { NotFoundError } from '../errors/domain-errors.js';
import { AuthenticationRequiredError, ForbiddenError } from './auth-errors.js';
import { staffReach, type AccessRule, type AccessRules, type Reach } from './access-rules.js';
import type { Viewer } from './viewer.js';

/** The operation whose reach decides which accounts (and their records) a viewer can read at all. */
export const READ_OPERATION = 'Query.account';

type AccountWhere = Prisma.AccountWhereInput;

/** What `accountOf` needs of a model's Prisma delegate. */
interface AccountIdReader {
  findMany(args: { where: { id: { in: string[] } }; select: { id: true; accountId: true } }): Promise<{ id: string; accountId: string }[]>;
}

/** Matches no account: the filter for a reach of `none`. */
const NO_ACCOUNT: AccountWhere = { id: { in: [] } };

export class AccessControl {
  /** Per rule, which accounts were checked in this request: one query per batch, not per record. */
  private readonly reachLoaders = new Map<string, DataLoader<string, boolean>>();
  /** Per account-owned model, the account of each record looked up in this request. */
  private readonly accountLoaders = new Map<string, DataLoader<string, string | undefined>>();

  private current: Viewer;

  constructor(
    viewer: Viewer,
    private readonly rules: AccessRules,
    private readonly prisma: PrismaClient,
    /** Re-reads the viewer (level, department, rights, existence) for long-lived subscriptions. */
    private readonly reloadViewer?: (viewer: Viewer) => Promise<Viewer>,
  ) {
    this.current = viewer;
  }

  get viewer(): Viewer {
    return this.current;
  }

  /**
   * A subscription keeps its context for hours: before judging an event,
   * take the viewer as the database has it now, so a demotion or a removed
   * staff member stops deliveries at once.
   */
  async refresh(): Promise<void> {
    if (!this.reloadViewer) return;
    this.current = await this.reloadViewer(this.current);
    this.reachLoaders.clear();
  }

  /** `reaches` for the viewer as they are now: for subscription events. */
  async reachesNow(coordinate: string, accountId: string): Promise<boolean> {
    await this.refresh();
    return this.allows(coordinate) && this.reaches(coordinate, accountId);
  }

  get isAdministrator(): boolean {
    return this.viewer.kind === 'staff' && this.viewer.isAdministrator;
  }

  rule(coordinate: string): AccessRule {
    const rule = this.rules[coordinate as keyof AccessRules];
    // The schema build guarantees a rule for every guarded field; a miss is a bug, and denies.
    if (!rule) throw new ForbiddenError(`No access rule covers ${coordinate}.`);
    return rule;
  }

  /** The accounts this viewer reaches with an operation or guarded field. */
  reach(coordinate: string): Reach {
    const rule = this.rule(coordinate);
    const viewer = this.viewer;
    switch (viewer.kind) {
      case 'staff':
        return staffReach(rule, viewer.level, viewer.isAdministrator);
      case 'service':
        return rule.serviceScope !== undefined && viewer.scopes.has(rule.serviceScope) ? 'all' : 'none';
      default:
        return 'none';
    }
  }

  allows(coordinate: string): boolean {
    return this.reach(coordinate) !== 'none';
  }

  /** Throws the error for a denied operation: unauthenticated for anonymous callers, forbidden otherwise. */
  deny(coordinate: string): never {
    if (this.viewer.kind === 'anonymous') throw new AuthenticationRequiredError();
    throw new ForbiddenError(`Not allowed: ${coordinate} is outside your role.`);
  }

  /**
   * A Prisma filter for the accounts reached by `coordinate`; undefined when
   * that is every account. Denied viewers get a filter that matches nothing.
   */
  accountWhere(coordinate: string = READ_OPERATION): AccountWhere | undefined {
    const reach = this.reach(coordinate);
    if (reach === 'all') return undefined;
    if (reach === 'none' || this.viewer.kind !== 'staff') return NO_ACCOUNT;
    const { staffId, department } = this.viewer;
    switch (reach) {
      case 'team':
        return { teamMembers: { some: { staffId } } };
      case 'relationship':
        return { teamMembers: { some: { staffId, responsibility: 'RELATIONSHIP' } } };
      case 'department':
        return {
          OR: [{ teamMembers: { some: { OR: [{ staffId }, { staff: { department } }] } } }, { teamMembers: { none: {} } }],
        };
    }
  }

  /** `where` narrowed to the accounts reached by `coordinate`. */
  scopeAccounts(coordinate: string, where: AccountWhere = {}): AccountWhere {
    const reach = this.accountWhere(coordinate);
    return reach ? { AND: [where, reach] } : where;
  }

  /** The same filter for a model that belongs to an account through `accountId`. */
  ownedWhere(coordinate: string = READ_OPERATION): { account: AccountWhere } | undefined {
    const where = this.accountWhere(coordinate);
    return where && { account: where };
  }

  /** Whether the viewer may read this account's records; cached and batched for the request. */
  canRead(accountId: string): Promise<boolean> {
    return this.canReach(READ_OPERATION, accountId);
  }

  /** Whether `coordinate` reaches this account; cached and batched for the request. */
  canReach(coordinate: string, accountId: string): Promise<boolean> {
    let loader = this.reachLoaders.get(coordinate);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const where = this.accountWhere(coordinate);
        if (!where) return ids.map(() => true);
        const rows = await this.prisma.account.findMany({ where: { AND: [{ id: { in: [...ids] } }, where] }, select: { id: true } });
        const found = new Set(rows.map((r) => r.id));
        return ids.map((id) => found.has(id));
      });
      this.reachLoaders.set(coordinate, loader);
    }
    return loader.load(accountId);
  }

  /** The account a record of an account-owned model (one with `accountId`) belongs to; batched per request. */
  accountOf(model: string, id: string): Promise<string | undefined> {
    let loader = this.accountLoaders.get(model);
    if (!loader) {
      // The delegate of a model is its name with a lower-case first letter (PersonAnniversary: personAnniversary).
      const delegate = (this.prisma as unknown as Record<string, AccountIdReader>)[model.charAt(0).toLowerCase() + model.slice(1)];
      if (!delegate) throw new Error(`no Prisma model named ${model}`);
      loader = new DataLoader(async (ids) => {
        const rows = await delegate.findMany({ where: { id: { in: [...ids] } }, select: { id: true, accountId: true } });
        const accounts = new Map(rows.map((r) => [r.id, r.accountId]));
        return ids.map((id) => accounts.get(id));
      });
      this.accountLoaders.set(model, loader);
    }
    return loader.load(id);
  }

  /** A fresh check, for long-lived subscriptions where team membership may change between events. */
  async reaches(coordinate: string, accountId: string): Promise<boolean> {
    const where = this.accountWhere(coordinate);
    if (!where) return true;
    return (await this.prisma.account.count({ where: { AND: [{ id: accountId }, where] } })) > 0;
  }

  /** `authorize` for an operation on an account itself. */
  authorizeAccount(coordinate: string, accountId: string): Promise<void> {
    return this.authorize(coordinate, accountId, { entity: 'Account', id: accountId });
  }

  /**
   * `authorize` for a record found by id: `findAccountId` looks up the
   * record's account (null when the record does not exist).
   */
  async authorizeRecord(coordinate: string, entity: string, id: string, findAccountId: () => Promise<string | null | undefined>): Promise<void> {
    if (!this.allows(coordinate)) this.deny(coordinate);
    const accountId = await findAccountId();
    if (!accountId) throw new NotFoundError(entity, id);
    await this.authorize(coordinate, accountId, { entity, id });
  }

  /**
   * For an operation on one account's record: a record the viewer cannot
   * read is reported exactly like a missing one, so its existence stays
   * hidden; a readable record outside the operation's reach is forbidden.
   */
  async authorize(coordinate: string, accountId: string, missing: { entity: string; id: string }): Promise<void> {
    const reach = this.reach(coordinate);
    if (reach === 'none') this.deny(coordinate);
    if (reach === 'all') return;
    if (!(await this.reaches(READ_OPERATION, accountId))) throw new NotFoundError(missing.entity, missing.id);
    if (!(await this.reaches(coordinate, accountId))) {
      throw new ForbiddenError(`Not allowed: ${coordinate} on this account is outside your role.`);
    }
  }
}
