/**
 * MAN qualification: assessments of Money, Authority and Need, their history
 * and the current one on the account.
 */
import { teamWrite } from 'kam-graphql/plugin';
import type { RelationshipPart } from '../part.js';
import { qualificationEventSchemas } from './qualification-events.js';
import { qualificationPersonalData } from './qualification-personal-data.js';
import { ASSESS_QUALIFICATION, registerQualificationSchema } from './qualification-schema.js';

export const qualificationPart: RelationshipPart = {
  name: 'qualification',
  events: qualificationEventSchemas,
  access: {
    // Top management, sales management and the account's own team: whoever works the account judges its MAN.
    [ASSESS_QUALIFICATION]: teamWrite("Assess an account's Money, Authority and Need (MAN)", 'relationship:write'),
  },
  schema: registerQualificationSchema,
  personalData: qualificationPersonalData,
};

export { createQualificationService, type QualificationService } from './qualification-service.js';
export { currentAssessments, assessmentAuthorities } from './qualification-loaders.js';
