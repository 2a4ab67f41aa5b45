import { z } from 'zod';

export const industries = ['INDUSTRIAL', 'CONSTRUCTION', 'WHOLESALE', 'RETAIL', 'TRANSPORT', 'POST', 'HOTEL_CATERING', 'OTHER'] as const;

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000, 'is implausibly large');
const amount = z.number().finite('must be a finite number').min(0, 'must not be negative');
const region = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The measures and descriptors both creating and updating accept, each optional. */
const optionalFields = {
  employees: count.nullish(),
  annualSales: amount.nullish(),
  totalAssets: amount.nullish(),
  region: region.nullish(),
  tier: z.enum(['KEY', 'GENERAL']).nullish(),
};

/** Give the name even though an active account already has it (see account-name.ts). */
const allowDuplicateName = z.boolean().nullish();

export const createAccountInput = z.object({ name, industry: z.enum(industries), ...optionalFields, allowDuplicateName });

/** Every field optional; an explicit null clears a nullable measure. */
export const updateAccountInput = z
  .object({ name: name.nullish(), industry: z.enum(industries).nullish(), ...optionalFields, allowDuplicateName })
  .refine((v) => v.name !== null, { message: 'cannot be cleared', path: ['name'] })
  .refine((v) => v.industry !== null, { message: 'cannot be cleared', path: ['industry'] })
  .refine((v) => v.tier !== null, { message: 'cannot be cleared', path: ['tier'] });

export type CreateAccountInput = z.input<typeof createAccountInput>;
export type UpdateAccountInput = z.input<typeof updateAccountInput>;
