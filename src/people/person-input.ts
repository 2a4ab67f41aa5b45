import { z } from 'zod';

export const decisionRoles = ['DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER', 'OTHER'] as const;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const email = z.string().trim().max(254).email('must be an email address');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a phone number (digits, spaces, +, -, parentheses)');

/** Fields both adding and updating accept, each optional. */
const optionalFields = {
  title: text(200).nullish(),
  department: text(200).nullish(),
  email: email.nullish(),
  phone: phone.nullish(),
  decisionRole: z.enum(decisionRoles).nullish(),
  isKeyPerson: z.boolean().nullish(),
  reportsToId: z.string().min(1).nullish(),
};

export const addPersonInput = z.object({
  accountId: z.string().min(1),
  name: text(200),
  ...optionalFields,
});

export const updatePersonInput = z
  .object({ name: text(200).nullish(), ...optionalFields })
  .refine((v) => v.name !== null, { message: 'cannot be cleared', path: ['name'] })
  .refine((v) => v.decisionRole !== null, { message: 'cannot be cleared', path: ['decisionRole'] })
  .refine((v) => v.isKeyPerson !== null, { message: 'cannot be cleared', path: ['isKeyPerson'] });

export type AddPersonInput = z.input<typeof addPersonInput>;
export type UpdatePersonInput = z.input<typeof updatePersonInput>;
