/**
 * Anniversaries: reminders of key persons' anniversaries (a daily job,
 * once per occurrence), the upcoming list, and how each was honoured. The
 * anniversaries themselves are dossier records.
 */
import { keyPersonPrivate } from 'kam-graphql/plugin';
import type { RelationshipPart } from '../part.js';
import { anniversaryAgenda } from './anniversary-agenda.js';
import { anniversaryEventSchemas } from './anniversary-events.js';
import { anniversaryPersonalData } from './anniversary-personal-data.js';
import { ANNIVERSARY_REMINDERS_JOB, remindAnniversaries } from './anniversary-reminders.js';
import { registerAnniversarySchema } from './anniversary-schema.js';

export const anniversaryPart: RelationshipPart = {
  name: 'anniversaries',
  events: anniversaryEventSchemas,
  // Dossier data: top management and the account's relationship owner.
  access: {
    'Query.upcomingAnniversaries': keyPersonPrivate('Key persons’ anniversaries coming up'),
    'Mutation.honourAnniversary': keyPersonPrivate('Record how an anniversary was honoured'),
  },
  schema: registerAnniversarySchema,
  agenda: anniversaryAgenda,
  personalData: anniversaryPersonalData,
  jobs: [
    {
      name: ANNIVERSARY_REMINDERS_JOB,
      every: '1d',
      run: async (runtime) => {
        await remindAnniversaries(runtime);
      },
    },
  ],
};
