import { accountEvents } from '../accounts/account-service.js';
import { personProfileEvents } from '../people/person-profile-service.js';
import { personEvents } from '../people/person-service.js';
import { personalDataEvents } from '../people/personal-data-service.js';
import { staffEvents } from '../staff/staff-service.js';
import { teamEvents } from '../teams/team-service.js';

/** Every event core emits; plugins may handle these but never declare them. */
export const CORE_EVENTS: readonly string[] = [
  ...Object.values(accountEvents),
  ...Object.values(personEvents),
  ...Object.values(personalDataEvents),
  ...Object.values(personProfileEvents),
  ...Object.values(staffEvents),
  ...Object.values(teamEvents),
];
