/**
 * Visits: top-management visits and contacts, planned, done or missed, and
 * the cadence each account's tier asks for (visit-rules.ts).
 */
import { readPortfolio, teamWrite, topManagement } from 'kam-graphql/plugin';
import type { RelationshipPart } from '../part.js';
import { MISSED_VISIT_SCAN_JOB, scanMissedVisits } from './missed-visit-scan.js';
import { visitAgenda } from './visit-agenda.js';
import { visitEventSchemas, visitTopicSchemas } from './visit-events.js';
import { visitPersonalData } from './visit-personal-data.js';
import { registerVisitSchema } from './visit-schema.js';

export const visitPart: RelationshipPart = {
  name: 'visits',
  events: visitEventSchemas,
  topics: visitTopicSchemas,
  // Visits follow the account: its team records and plans them; the load across staff is top management's view.
  access: {
    'Mutation.recordVisit': teamWrite('Record a visit or contact with people of an account'),
    'Mutation.planVisit': teamWrite('Plan a visit to an account'),
    'Mutation.completeVisit': teamWrite('Record a planned visit as done'),
    'Mutation.markVisitMissed': teamWrite('Mark a planned visit missed'),
    'Query.visitCompliance': readPortfolio('The portfolio against the visit cadence'),
    'Query.visitLoad': topManagement('Visits per staff member: done, planned, missed'),
    'Subscription.visitMissed': readPortfolio('Live: planned visits that were missed (only of accounts one may read)'),
  },
  schema: registerVisitSchema,
  agenda: visitAgenda,
  personalData: visitPersonalData,
  jobs: [
    {
      name: MISSED_VISIT_SCAN_JOB,
      every: '1d',
      run: async (runtime) => {
        await scanMissedVisits(runtime);
      },
    },
  ],
};
