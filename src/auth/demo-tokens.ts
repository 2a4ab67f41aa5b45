/**
 * Tokens for trying the API as each kind of staff member: one per level,
 * and the administrator. Printed when the demo data is seeded and by
 * `npm run token -- --demo`.
 */
import type { StaffLevel } from '../generated/prisma-sqlite/enums.js';
import type { Prisma, PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { MintOptions } from './tokens.js';

export interface DemoToken {
  role: StaffLevel | 'ADMINISTRATOR';
  staffId: string;
  name: string;
  department: string;
  token: string;
}

export const DEMO_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export async function demoTokens(prisma: PrismaClient, mint: (options: MintOptions) => Promise<string>, now = new Date()): Promise<DemoToken[]> {
  const pick = (where: Prisma.StaffWhereInput) => prisma.staff.findFirst({ where, orderBy: { id: 'asc' } });
  const chosen: { role: DemoToken['role']; staff: Awaited<ReturnType<typeof pick>> }[] = [
    { role: 'ADMINISTRATOR', staff: await pick({ isAdministrator: true }) },
    // Staff on at least one account team, so their view of the portfolio is not empty.
    { role: 'TOP', staff: await pick({ level: 'TOP', isAdministrator: false, assignments: { some: {} } }) },
    { role: 'MIDDLE', staff: await pick({ level: 'MIDDLE', isAdministrator: false, assignments: { some: {} } }) },
    { role: 'FRONTLINE', staff: await pick({ level: 'FRONTLINE', isAdministrator: false, assignments: { some: {} } }) },
  ];
  const tokens: DemoToken[] = [];
  for (const { role, staff } of chosen) {
    if (!staff) continue;
    const token = await mint({ subject: staff.id, ttlSeconds: DEMO_TOKEN_TTL_SECONDS, now });
    tokens.push({ role, staffId: staff.id, name: staff.name, department: staff.department, token });
  }
  return tokens;
}

export function formatDemoTokens(tokens: readonly DemoToken[]): string {
  const lines = tokens.map((t) => `  ${t.role.padEnd(13)} ${t.name} (${t.department})\n    ${t.token}`);
  return `demo tokens (valid 30 days; send as "Authorization: Bearer <token>"):\n${lines.join('\n')}`;
}
