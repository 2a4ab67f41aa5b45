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

/**
 * The staff member of a level whose view tries the API best: the first (by
 * id) on the team of an active key account, so the README's key-account and
 * health examples answer something for every level; else the first on any
 * team. Administrators are left out (they have their own token).
 */
export async function demoStaffOfLevel(prisma: PrismaClient, level: StaffLevel) {
  const first = (assignments: Prisma.AccountTeamMemberListRelationFilter) =>
    prisma.staff.findFirst({ where: { level, isAdministrator: false, assignments }, orderBy: { id: 'asc' } });
  return (await first({ some: { account: { tier: 'KEY', status: 'ACTIVE' } } })) ?? (await first({ some: {} }));
}

export async function demoTokens(prisma: PrismaClient, mint: (options: MintOptions) => Promise<string>, now = new Date()): Promise<DemoToken[]> {
  const chosen: { role: DemoToken['role']; staff: Awaited<ReturnType<typeof demoStaffOfLevel>> }[] = [
    { role: 'ADMINISTRATOR', staff: await prisma.staff.findFirst({ where: { isAdministrator: true }, orderBy: { id: 'asc' } }) },
    { role: 'TOP', staff: await demoStaffOfLevel(prisma, 'TOP') },
    { role: 'MIDDLE', staff: await demoStaffOfLevel(prisma, 'MIDDLE') },
    { role: 'FRONTLINE', staff: await demoStaffOfLevel(prisma, 'FRONTLINE') },
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
