/**
 * The plugin test kit, `kam-graphql/testing`: what core's tests use, for a
 * plugin's own tests. Boot a test app with chosen plugins and options (on
 * SQLite, or PostgreSQL with TEST_DATABASE=postgresql), move its clock, drain
 * its outbox and run its jobs (`t.app.runtime`), call it over HTTP and
 * websockets as any role, count its SQL statements (`t.statements`), run a
 * plugin's handlers and jobs on a runtime of their own, and write the access
 * probes the role-by-operation matrix runs for every plugin.
 */
export { DEFAULT_TEST_NOW, mintTestToken, startTestApp, suiteServiceToken, TEST_AUTH, type GraphQLResponse, type TestApp, type TestAppOptions } from './test-app.js';
export { dumpEveryTable } from './database-dump.js';
export { hiddenRecordScene, type HiddenRecordScene } from './hidden-record-scene.js';
export { createEmptyDatabase, createTestDatabase, testPostgresServerUrl, testProvider, type TestDatabase, type TestProvider } from './test-database.js';
export { liveClient, rawId, roundTrip, subscribe, type LiveSubscription } from './live-client.js';
export { addPerson, assign, createAccount, createStaff, snapshot, tableCounts, USER_ERROR_FIELDS } from './fixtures.js';
export { configuredPlugins, loadTestPlugins, probesOf } from './test-plugins.js';
export { TEST_PLUGIN_NOW, testPluginRuntime, type CommittedEvent, type TestPluginRuntime } from './plugin-runtime.js';
export {
  deniedOrAllowed,
  outcomeOf,
  probeAccount,
  subscriptionAnswer,
  subscriptionOutcome,
  topicResumeProbe,
  unique,
  type AccessProbes,
  type CursorProbe,
  type MatrixCall,
  type Outcome,
  type ProbeAccount,
  type ReferenceCall,
  type ReferenceProbe,
} from './access-probes.js';
/** Core's deterministic demo portfolio, for a plugin's demo-seed tests (its seed runs after it). */
export { seedDemoData as seedCoreDemo } from '../../src/demo/seed.js';
