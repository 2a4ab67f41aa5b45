import { z } from 'zod';

export const staffLevels = ['TOP', 'MIDDLE', 'FRONTLINE'] as const;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const createStaffInput = z.object({
  name: text(200),
  email: z.string().trim().max(254).email('must be an email address').transform((e) => e.toLowerCase()),
  level: z.enum(staffLevels),
  department: text(100),
  hireDate: z.date({ message: 'must be a date' }),
  isAdministrator: z.boolean().optional(),
});

export const updateStaffInput = z.object({
  name: text(200).optional(),
  email: z.string().trim().max(254).email('must be an email address').transform((e) => e.toLowerCase()).optional(),
  level: z.enum(staffLevels).optional(),
  department: text(100).optional(),
  hireDate: z.date({ message: 'must be a date' }).optional(),
  isAdministrator: z.boolean().optional(),
  /** null: has not left (undoes a departure recorded by mistake). */
  leftAt: z.date({ message: 'must be a date' }).nullable().optional(),
});

export type CreateStaffInput = z.input<typeof createStaffInput>;
export type UpdateStaffInput = z.input<typeof updateStaffInput>;
