/**
 * One customer, one account: an active account's name is not given to
 * another unless the caller says so on purpose (allowDuplicateName), so
 * nobody keeps the same customer twice by accident ("Ningbo Mould Co" and
 * "NINGBO  Mould Co."). Archived accounts do not count.
 */
import type { Account } from '../generated/prisma-sqlite/client.js';
import { ConflictError } from '../errors/domain-errors.js';
import { lockUntilCommit, type Transaction } from '../events/unit-of-work.js';

const SEPARATORS = /[\p{White_Space}\p{P}]+/gu;

/**
 * A name as duplicates are judged: lower-cased, every run of spaces and
 * punctuation read as one space, none at either end. A name of punctuation
 * only keeps its characters (lower-cased and trimmed), so it still means something.
 */
export function accountNameKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.replace(SEPARATORS, ' ').trim() || lower.trim();
}

/**
 * The active account, other than `exceptId`, whose name has the same key as
 * `name`; null when there is none. Every word of a key is a substring of the
 * stored lower-cased name (`searchName`), so the longest word narrows the
 * search in SQL and the keys are compared here.
 */
export async function findActiveNamesake(tx: Transaction, name: string, exceptId?: string): Promise<Pick<Account, 'id' | 'name'> | null> {
  const key = accountNameKey(name);
  const longest = key.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
  const candidates = await tx.account.findMany({
    where: { status: 'ACTIVE', searchName: { contains: longest }, ...(exceptId !== undefined && { id: { not: exceptId } }) },
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  });
  return candidates.find((c) => accountNameKey(c.name) === key) ?? null;
}

/**
 * Throws a ConflictError (on `input.name`) when an active account other than
 * `exceptId` already has this name. It first locks the name's key until the
 * transaction ends, so of two transactions giving the same name at once,
 * the second sees the first's account.
 */
export async function assertAccountNameFree(tx: Transaction, name: string, exceptId?: string): Promise<void> {
  await lockUntilCommit(tx, 'account-name', accountNameKey(name));
  if (await findActiveNamesake(tx, name, exceptId)) {
    throw new ConflictError(
      `an active account is already named "${name.trim()}" (names are compared ignoring case, spacing and punctuation); ` +
        'to give this name to another account on purpose, set allowDuplicateName: true',
      ['input', 'name'],
    );
  }
}
