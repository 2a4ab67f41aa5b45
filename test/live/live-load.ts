/**
 * The load the live suites put on one account: a test app with the
 * configured plugins, an account with a middle-management and a frontline
 * member on its team, a token for each viewer, and `change()`, which makes
 * one account change and one health change of it (an invoice far past due
 * lowers PAYMENT, paying it raises it again).
 */
import { fileURLToPath } from 'node:url';
import { readKamConfig } from '../../src/plugins/plugin-config.js';
import { loadPlugins } from '../../src/plugins/plugin-loader.js';
import { CORE_VERSION } from '../../src/version.js';
import { addPerson, assign, createAccount, createStaff } from '../support/fixtures.js';
import { rawId } from '../support/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export interface LiveLoad {
  t: TestApp;
  accountId: string;
  /** Top management (the operator), middle management, frontline. */
  tokens: string[];
  change(): Promise<void>;
}

export async function startLiveLoad(options: { accountName: string; invoicePrefix: string; person?: string }): Promise<LiveLoad> {
  const plugins = await loadPlugins(readKamConfig(fileURLToPath(new URL('../../kam.config.json', import.meta.url))), CORE_VERSION);
  const t = await startTestApp({ plugins, config: { security: { rateLimit: { points: 0 } } } });
  const accountId = await createAccount(t, { name: options.accountName, tier: 'GENERAL' });
  if (options.person) await addPerson(t, accountId, { name: options.person });
  const middle = await createStaff(t, { level: 'MIDDLE', department: 'Sales', hireDate: '2010-01-01T00:00:00.000Z' });
  const frontline = await createStaff(t, { level: 'FRONTLINE', department: 'Service', hireDate: '2010-01-01T00:00:00.000Z' });
  await assign(t, { accountId, staffId: middle, responsibility: 'SALES' });
  await assign(t, { accountId, staffId: frontline, responsibility: 'SERVICE' });
  const tokens = [t.operator.token, await t.tokenFor(rawId(middle)), await t.tokenFor(rawId(frontline))];
  await t.app.runtime.dispatcher.drain();

  let changes = 0;
  let openInvoice: string | undefined;
  async function change() {
    changes++;
    await t.ok(`mutation($id: ID!, $r: String!) { updateAccount(id: $id, input: { region: $r }) { errors { code } } }`, { id: accountId, r: `Region ${changes}` });
    if (openInvoice) {
      await t.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { errors { code } } }`, { id: openInvoice });
      openInvoice = undefined;
    } else {
      const recorded = await t.ok(
        `mutation($a: ID!, $n: String!) { recordInvoice(input: { accountId: $a, number: $n, amount: 5000, issuedAt: "2025-01-01", dueAt: "2025-02-01" }) { invoice { id } errors { code } } }`,
        { a: accountId, n: `${options.invoicePrefix}-${changes}` },
      );
      openInvoice = recorded.recordInvoice.invoice.id;
    }
    await t.app.runtime.dispatcher.drain();
  }
  return { t, accountId, tokens, change };
}
