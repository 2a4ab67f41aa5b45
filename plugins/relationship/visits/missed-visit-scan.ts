/**
 * The daily `missed-visit-scan` job: a planned visit still not recorded done
 * `missedAfterDays` after its date becomes MISSED, with its event and live
 * notice, once: the status change is a conditional update in the same
 * transaction as the event, so a re-run, a restart or a second instance
 * never announces a visit twice.
 */
import type { PluginRuntime } from 'kam-graphql/plugin';
import type { RelationshipOptions } from '../options.js';
import { DAY_MS } from './visit-rules.js';
import { markMissed } from './visit-service.js';

export const MISSED_VISIT_SCAN_JOB = 'missed-visit-scan';
const BATCH = 200;

/** Returns how many planned visits became missed. */
export async function scanMissedVisits(runtime: PluginRuntime<RelationshipOptions>): Promise<number> {
  const cutoff = new Date(runtime.now().getTime() - runtime.options.missedAfterDays * DAY_MS);
  let total = 0;
  for (;;) {
    const due = await runtime.prisma.visit.findMany({
      where: { status: 'PLANNED', at: { lt: cutoff }, account: { status: 'ACTIVE' } },
      select: { id: true },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: BATCH,
    });
    if (due.length === 0) break;
    total += await runtime.transaction(async (tx, emit) => {
      let count = 0;
      for (const { id } of due) if (await markMissed(tx, emit, id, 'past-due')) count += 1;
      return count;
    });
    if (due.length < BATCH) break;
  }
  if (total > 0) runtime.log(`${total} planned visit(s) past their date became missed`);
  return total;
}
