import { createAccountService } from './accounts/account-service.js';
import { createPersonService } from './people/person-service.js';
import { createPersonalDataService } from './people/personal-data-service.js';
import type { ServiceDeps } from './service-deps.js';
import { createStaffService } from './staff/staff-service.js';
import { createTeamService } from './teams/team-service.js';

export function createCoreServices(deps: ServiceDeps) {
  return {
    accounts: createAccountService(deps),
    people: createPersonService(deps),
    personalData: createPersonalDataService(deps),
    staff: createStaffService(deps),
    teams: createTeamService(deps),
  };
}

export type CoreServices = ReturnType<typeof createCoreServices>;
