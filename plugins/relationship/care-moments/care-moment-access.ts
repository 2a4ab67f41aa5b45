/**
 * Who may do what with care moments: personal data of the dossier's
 * sensitivity, so top management and the account's relationship owner only
 * (`keyPersonPrivate`), for reading and for writing alike.
 */
import { keyPersonPrivate, type AccessRules } from 'kam-graphql/plugin';

export const careMomentAccess: AccessRules = {
  'Person.careMoments': { ...keyPersonPrivate("Read a key person's care moments (logged)"), nodeTypes: ['CareMoment'] },
  'Query.openCareMoments': keyPersonPrivate('The open care moments to answer across the portfolio (logged)'),
  'Mutation.recordCareMoment': keyPersonPrivate("Record a special moment in a key person's life"),
  'Mutation.addCareAction': keyPersonPrivate('Record care shown at a special moment'),
  'Mutation.closeCareMoment': keyPersonPrivate('Close a care moment'),
  'Subscription.careMomentRecorded': keyPersonPrivate('Live: care moments recorded (only of accounts whose key persons one cares for)'),
};
