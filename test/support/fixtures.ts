/** Creates records through the public API, as a client would. */
import type { TestApp } from './test-app.js';

export const USER_ERROR_FIELDS = `errors { __typename code message path ... on RuleViolationError { rule } ... on NotFoundError { entity } }`;

/**
 * An account (default "Acme Valves"). Suites make look-alike accounts freely,
 * so it is created even when an active account has the name, unless the
 * input sets allowDuplicateName itself (the rule has its own tests).
 */
export async function createAccount(t: TestApp, input: Record<string, unknown> = {}): Promise<string> {
  const data = await t.ok<{ createAccount: { account: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } ${USER_ERROR_FIELDS} } }`,
    { input: { name: 'Acme Valves', industry: 'INDUSTRIAL', employees: 500, annualSales: 80e6, totalAssets: 90e6, allowDuplicateName: true, ...input } },
  );
  if (!data.createAccount.account) throw new Error(`createAccount failed: ${JSON.stringify(data.createAccount.errors)}`);
  return data.createAccount.account.id;
}

let staffCounter = 0;
export async function createStaff(t: TestApp, input: Record<string, unknown> = {}): Promise<string> {
  staffCounter += 1;
  const data = await t.ok<{ createStaff: { staff: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: CreateStaffInput!) { createStaff(input: $input) { staff { id } ${USER_ERROR_FIELDS} } }`,
    {
      input: {
        name: `Staff ${staffCounter}`,
        email: `staff${staffCounter}-${Math.random().toString(36).slice(2, 8)}@sme.example`,
        level: 'FRONTLINE',
        department: 'Service',
        hireDate: '2019-03-01',
        ...input,
      },
    },
  );
  if (!data.createStaff.staff) throw new Error(`createStaff failed: ${JSON.stringify(data.createStaff.errors)}`);
  return data.createStaff.staff.id;
}

export async function addPerson(t: TestApp, accountId: string, input: Record<string, unknown> = {}): Promise<string> {
  const data = await t.ok<{ addPerson: { person: { id: string } | null; errors: unknown[] } }>(
    `mutation($input: AddPersonInput!) { addPerson(input: $input) { person { id } ${USER_ERROR_FIELDS} } }`,
    { input: { accountId, name: 'Li Wei', decisionRole: 'DECISION_MAKER', ...input } },
  );
  if (!data.addPerson.person) throw new Error(`addPerson failed: ${JSON.stringify(data.addPerson.errors)}`);
  return data.addPerson.person.id;
}

export async function assign(t: TestApp, input: Record<string, unknown>) {
  const data = await t.ok<{ assignTeamMember: { teamMember: { id: string } | null; errors: any[] } }>(
    `mutation($input: AssignTeamMemberInput!) { assignTeamMember(input: $input) { teamMember { id } ${USER_ERROR_FIELDS} } }`,
    { input },
  );
  return data.assignTeamMember;
}

/** Row counts of every core table, to prove a rejected request changed nothing. */
export async function tableCounts(t: TestApp) {
  const p = t.db.prisma;
  const [accounts, people, staff, teamMembers] = await Promise.all([
    p.account.count(),
    p.person.count(),
    p.staff.count(),
    p.accountTeamMember.count(),
  ]);
  return { accounts, people, staff, teamMembers };
}

/** Rows of every core table, to prove a rejected update changed nothing. */
export async function snapshot(t: TestApp) {
  const p = t.db.prisma;
  return {
    accounts: await p.account.findMany({ orderBy: { id: 'asc' } }),
    people: await p.person.findMany({ orderBy: { id: 'asc' } }),
    staff: await p.staff.findMany({ orderBy: { id: 'asc' } }),
    teamMembers: await p.accountTeamMember.findMany({ orderBy: { id: 'asc' } }),
  };
}
