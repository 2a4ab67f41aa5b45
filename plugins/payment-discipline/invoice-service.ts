/**
 * Invoice rules, in plain TypeScript (no GraphQL): validate with zod, change
 * the data in one transaction, emit an event per change with its accountId so
 * the health engine rescores that account after commit.
 *
 * The same service serves GraphQL (with the request's `ctx.transaction`) and
 * handlers or jobs (with `runtime.transaction`).
 */
import {
  ConflictError,
  isUniqueViolation,
  NotFoundError,
  parseInput,
  RuleViolationError,
  ValidationError,
  z,
  type Invoice,
  type RunInTransaction,
  type Transaction,
} from 'kam-graphql/plugin';
import { invoiceEvents, type InvoiceEventPayload, type InvoicePaidPayload, type InvoiceWrittenOffPayload } from './invoice-events.js';
import { daysPastDue, paidOnTime } from './invoice-rules.js';
import type { PaymentOptions } from './options.js';

export type { Invoice };
type Tx = Transaction;

export const recordInvoiceInput = z
  .object({
    accountId: z.string().min(1),
    number: z.string().trim().min(1, 'must not be empty').max(64),
    amount: z.number().finite().positive('must be positive').max(1e12),
    issuedAt: z.date(),
    dueAt: z.date(),
  })
  .refine((v) => v.dueAt.getTime() >= v.issuedAt.getTime(), { path: ['dueAt'], message: 'must not be before issuedAt' });

export type RecordInvoiceInput = z.input<typeof recordInvoiceInput>;

export interface InvoiceServiceDeps {
  transaction: RunInTransaction;
  now: () => Date;
  options: Pick<PaymentOptions, 'graceDays'>;
}

export function eventPayload(invoice: Pick<Invoice, 'id' | 'number' | 'amount' | 'dueAt'>): InvoiceEventPayload {
  return { invoiceId: invoice.id, number: invoice.number, amount: invoice.amount, dueAt: invoice.dueAt.toISOString() };
}

/**
 * Moves an OPEN invoice to another status. The status check is part of the
 * UPDATE, so two concurrent requests can never both succeed.
 */
async function closeOpenInvoice(tx: Tx, id: string, data: { status: 'PAID' | 'WRITTEN_OFF'; paidAt?: Date }): Promise<Invoice> {
  const { count } = await tx.invoice.updateMany({ where: { id, status: 'OPEN' }, data });
  const invoice = await tx.invoice.findUnique({ where: { id } });
  if (!invoice) throw new NotFoundError('Invoice', id);
  if (count === 0) throw new ConflictError(`invoice ${invoice.number} is already ${invoice.status}`, ['id']);
  return invoice;
}

export function createInvoiceService(deps: InvoiceServiceDeps) {
  return {
    /** Records an invoice issued to an active account; its number is unique per account. */
    async record(input: RecordInvoiceInput): Promise<Invoice> {
      const data = parseInput(recordInvoiceInput, input);
      if (data.issuedAt.getTime() > deps.now().getTime()) {
        throw new ValidationError([{ path: ['input', 'issuedAt'], message: 'must not be in the future' }]);
      }
      try {
        return await deps.transaction(async (tx, emit) => {
          const account = await tx.account.findUnique({ where: { id: data.accountId }, select: { id: true, status: true } });
          if (!account) throw new NotFoundError('Account', data.accountId);
          if (account.status === 'ARCHIVED') {
            throw new RuleViolationError('ACCOUNT_ARCHIVED', `account ${account.id} is archived; restore it before recording invoices`);
          }
          const duplicate = await tx.invoice.findUnique({
            where: { accountId_number: { accountId: data.accountId, number: data.number } },
            select: { id: true },
          });
          if (duplicate) throw new ConflictError(`invoice ${data.number} is already recorded for this account`, ['input', 'number']);
          const invoice = await tx.invoice.create({ data });
          emit(invoiceEvents.recorded, invoice.accountId, eventPayload(invoice));
          return invoice;
        });
      } catch (error) {
        // A concurrent request recorded the same number between our check and insert.
        if (isUniqueViolation(error)) throw new ConflictError(`invoice ${data.number} is already recorded for this account`, ['input', 'number']);
        throw error;
      }
    },

    /** Marks an open invoice paid, at `paidAt` (default now); paying twice is a conflict. */
    async markPaid(id: string, paidAt?: Date | null): Promise<Invoice> {
      const at = paidAt ?? deps.now();
      if (Number.isNaN(at.getTime())) throw new ValidationError([{ path: ['paidAt'], message: 'is not a valid date' }]);
      if (at.getTime() > deps.now().getTime()) throw new ValidationError([{ path: ['paidAt'], message: 'must not be in the future' }]);
      return deps.transaction(async (tx, emit) => {
        const before = await tx.invoice.findUnique({ where: { id }, select: { issuedAt: true } });
        if (!before) throw new NotFoundError('Invoice', id);
        if (at.getTime() < before.issuedAt.getTime()) {
          throw new ValidationError([{ path: ['paidAt'], message: 'must not be before the invoice was issued' }]);
        }
        const invoice = await closeOpenInvoice(tx, id, { status: 'PAID', paidAt: at });
        const payload: InvoicePaidPayload = {
          ...eventPayload(invoice),
          paidAt: at.toISOString(),
          onTime: paidOnTime({ dueAt: invoice.dueAt, paidAt: at }, deps.options.graceDays),
          daysLate: daysPastDue(invoice.dueAt, at),
        };
        emit(invoiceEvents.paid, invoice.accountId, payload);
        return invoice;
      });
    },

    /** Gives up on collecting an open invoice. */
    async writeOff(id: string): Promise<Invoice> {
      return deps.transaction(async (tx, emit) => {
        const invoice = await closeOpenInvoice(tx, id, { status: 'WRITTEN_OFF' });
        const payload: InvoiceWrittenOffPayload = { ...eventPayload(invoice), reason: 'manual' };
        emit(invoiceEvents.writtenOff, invoice.accountId, payload);
        return invoice;
      });
    },
  };
}

export type InvoiceService = ReturnType<typeof createInvoiceService>;
