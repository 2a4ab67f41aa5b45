/**
 * The access rules applied to one viewer for one request (or one websocket
 * subscription): which operations they may run, and which accounts they
 * reach with each. Lists filter in SQL with `accountWhere`; single records
 * are checked with `canRead`/`canReach`, or `authorizeRecord` for mutations.
 *
 * A check answers synchronously whenever the answer is already known: a
 * reach of every account (or of none), an account already checked in this
 * request, or one a list's SQL already scoped to the viewer's reach
 * (`markReached`). Only an account seen for the first time costs a promise,
 * and all of those of one tick cost one query. Verdicts are kept per reach
 * (department, team, relationship), so two rules with the same reach share them.
 */
import DataLoader from 'dataloader';
import type { Prisma, PrismaClient } from '../generated/prisma-sqlite/client.js';
import { NotFoundError } from '../errors/domain-errors.js';
import { AuthenticationRequiredError, ForbiddenError } from './auth-errors.js';
import { staffReach, type AccessRule, type AccessRules, type Reach } from './access-rules.js';
import { anonymousViewer, type Viewer } from './viewer.js';
import type { AccountFacts, StaffFacts } from '../live/account-facts.js';
import { reachIncludes } from './live-reach.js';
import { idTypeOf, ownershipOf } from './account-ownership.js';

/** The operation whose reach decides which accounts (and their records) a viewer can read at all. */
export const READ_OPERATION = 'Query.account';

type AccountWhere = Prisma.AccountWhereInput;

/** What record lookups need of a model's Prisma delegate. */
interface RecordReader {
  findMany(args: { where: { id: { in: string[] } }; select: Record<string, boolean> }): Promise<Record<string, unknown>[]>;
}

function delegateOf(prisma: PrismaClient, model: string): RecordReader {
  // The delegate of a model is its name with a lower-case first letter (PersonAnniversary: personAnniversary).
  const delegate = (prisma as unknown as Record<string, RecordReader | undefined>)[model.charAt(0).toLowerCase() + model.slice(1)];
  if (!delegate) throw new Error(`no Prisma model named ${model}`);
  return delegate;
}

/** Matches no account: the filter for a reach of `none`. */
const NO_ACCOUNT: AccountWhere = { id: { in: [] } };

/** How many account checks a request needed (tests hold these constant per page, whatever its fields). */
export interface AccessStats {
  /** Accounts whose reach had to be looked up (not known already). */
  lookups: number;
  /** Checks answered with a promise instead of at once. */
  pending: number;
}

type NarrowReach = Exclude<Reach, 'all' | 'none'>;

export class AccessControl {
  /** Per reach, which accounts were looked up in this request: one query per batch, not per record. */
  private readonly reachLoaders = new Map<NarrowReach, DataLoader<string, boolean>>();
  /** Per reach, what is known of each account: answered synchronously from then on. */
  private readonly known = new Map<NarrowReach, Map<string, boolean>>();
  readonly stats: AccessStats = { lookups: 0, pending: 0 };
  /** Per account-owned model, the account of each record looked up in this request. */
  private readonly accountLoaders = new Map<string, DataLoader<string, string | null | undefined>>();

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
    this.forget();
  }

  /** Drops every known verdict: the viewer or their accounts may have changed. */
  forget(): void {
    this.reachLoaders.clear();
    this.known.clear();
  }

  /**
   * Whether a live event about `facts.account` reaches this receiver, judged
   * without a query: the receiver as the event found them (`facts.staff`:
   * a demotion, a new department or a removal applies at once), the
   * operation's reach over the account's team. The account's read verdict
   * is remembered, so the event's fields resolve at once.
   */
  judgeLive(coordinate: string, facts: { account: AccountFacts | null; staff: ReadonlyMap<string, StaffFacts> }): boolean {
    const viewer = this.current;
    if (viewer.kind === 'staff') {
      const now = facts.staff.get(viewer.staffId);
      if (!now) this.current = anonymousViewer;
      else if (now.level !== viewer.level || now.department !== viewer.department || now.isAdministrator !== viewer.isAdministrator) {
        this.current = { ...viewer, ...now };
      }
      if (this.current !== viewer) this.forget();
    }
    const account = facts.account;
    if (!account || !this.allows(coordinate)) return false;
    const readReach = this.reach(READ_OPERATION);
    if (readReach !== 'all' && readReach !== 'none') this.knownFor(readReach).set(account.id, reachIncludes(readReach, this.current, account.team));
    return reachIncludes(this.reach(coordinate), this.current, account.team);
  }

  /** Staff ids a live relay must keep current for this viewer (none for service accounts). */
  get staffId(): string | undefined {
    return this.current.kind === 'staff' ? this.current.staffId : undefined;
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
    return this.whereForReach(this.reach(coordinate));
  }

  private whereForReach(reach: Reach): AccountWhere | undefined {
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

  /** Whether the viewer may read this account's records: at once when known, else batched for the request. */
  canRead(accountId: string): boolean | Promise<boolean> {
    return this.canReach(READ_OPERATION, accountId);
  }

  /** Whether `coordinate` reaches this account: at once when known, else batched for the request. */
  canReach(coordinate: string, accountId: string): boolean | Promise<boolean> {
    const reach = this.reach(coordinate);
    if (reach === 'all') return true;
    if (reach === 'none') return false;
    const known = this.known.get(reach)?.get(accountId);
    if (known !== undefined) return known;
    this.stats.pending++;
    return this.loaderFor(reach).load(accountId);
  }

  /**
   * Records that these accounts are within `coordinate`'s reach: a list read
   * with `scopeAccounts(coordinate, ...)` returned them, so their records'
   * checks need no query.
   */
  markReached(coordinate: string, accountIds: Iterable<string>): void {
    const reach = this.reach(coordinate);
    if (reach === 'all' || reach === 'none') return;
    const known = this.knownFor(reach);
    for (const id of accountIds) known.set(id, true);
  }

  private knownFor(reach: NarrowReach): Map<string, boolean> {
    let known = this.known.get(reach);
    if (!known) this.known.set(reach, (known = new Map()));
    return known;
  }

  private loaderFor(reach: NarrowReach): DataLoader<string, boolean> {
    let loader = this.reachLoaders.get(reach);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        this.stats.lookups += ids.length;
        const rows = await this.prisma.account.findMany({ where: { AND: [{ id: { in: [...ids] } }, this.whereForReach(reach)!] }, select: { id: true } });
        const found = new Set(rows.map((r) => r.id));
        const known = this.knownFor(reach);
        return ids.map((id) => {
          known.set(id, found.has(id));
          return found.has(id);
        });
      });
      this.reachLoaders.set(reach, loader);
    }
    return loader;
  }

  /**
   * The account a record belongs to (null for a record of a model that
   * belongs to none, such as Staff), or undefined when there is no such
   * record; one query per model per batch.
   */
  accountOfRecord(model: string, id: string): Promise<string | null | undefined> {
    let loader = this.accountLoaders.get(model);
    if (!loader) {
      const ownership = ownershipOf(model);
      const delegate = delegateOf(this.prisma, model);
      const numericIds = idTypeOf(model) === 'Int';
      loader = new DataLoader(async (ids) => {
        const select = ownership.kind === 'column' || ownership.kind === 'through' ? { id: true, [ownership.field]: true } : { id: true };
        // An id that cannot be a key of the model matches no record.
        const keys = numericIds ? ids.map(Number).filter(Number.isSafeInteger) : [...ids];
        const rows = await delegate.findMany({ where: { id: { in: keys as string[] } }, select });
        const found = new Map(rows.map((row) => [String(row.id), row]));
        return Promise.all(
          ids.map(async (key) => {
            const row = found.get(key);
            if (!row) return undefined;
            switch (ownership.kind) {
              case 'account':
                return key;
              case 'column':
                return row[ownership.field] as string;
              case 'through':
                return (await this.accountOfRecord(ownership.model, String(row[ownership.field]))) ?? undefined;
              case 'none':
                return null;
            }
          }),
        );
      });
      this.accountLoaders.set(model, loader);
    }
    return loader.load(id);
  }

  /** The account of a record of a model owned through another record (an anniversary's person's account). */
  accountOf(model: string, id: string): Promise<string | undefined> {
    return this.accountOfRecord(model, id).then((accountId) => accountId ?? undefined);
  }

  /** A fresh check, for long-lived subscriptions where team membership may change between events. */
  async reaches(coordinate: string, accountId: string): Promise<boolean> {
    const where = this.accountWhere(coordinate);
    if (!where) return true;
    return (await this.prisma.account.count({ where: { AND: [{ id: accountId }, where] } })) > 0;
  }

  /**
   * A record that an argument names (`reportsToId`, `staffId`, an invoice's
   * id...): its account when the viewer may read it. A record outside the
   * viewer's reach gives exactly the NotFoundError of a record that does not
   * exist, so an argument never tells the two apart.
   */
  async reference(model: string, id: string, path: string[] = []): Promise<string | null> {
    const accountId = await this.accountOfRecord(model, id);
    if (accountId === undefined) throw new NotFoundError(model, id, path);
    if (accountId !== null && !(await this.canRead(accountId))) throw new NotFoundError(model, id, path);
    return accountId;
  }

  /**
   * For an operation on a record: a record the viewer cannot read is
   * reported exactly like a missing one; a readable record outside the
   * operation's reach is forbidden. Returns the record's account.
   */
  async authorizeRecord(coordinate: string, model: string, id: string, path: string[] = []): Promise<string | null> {
    if (!this.allows(coordinate)) this.deny(coordinate);
    const accountId = await this.accountOfRecord(model, id);
    if (accountId === undefined) throw new NotFoundError(model, id, path);
    // The operation's own reach comes first: an administrator's erasure reaches accounts beyond their reading reach.
    if (accountId === null || (await this.canReach(coordinate, accountId))) return accountId;
    if (!(await this.canRead(accountId))) throw new NotFoundError(model, id, path);
    throw new ForbiddenError(`Not allowed: ${coordinate} on this account is outside your role.`);
  }

  /** `authorizeRecord` for an operation on an account itself. */
  async authorizeAccount(coordinate: string, accountId: string, path: string[] = []): Promise<void> {
    await this.authorizeRecord(coordinate, 'Account', accountId, path);
  }
}
