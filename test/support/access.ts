/**
 * Access for tests that execute the schema directly (without the server):
 * a top-management administrator, who may do everything the rules allow.
 */
import { AccessControl } from '../../src/auth/access-control.js';
import { actorOf, type Viewer } from '../../src/auth/viewer.js';
import type { PrismaClient } from '../../src/generated/prisma-sqlite/client.js';
import type { LoadedPlugin } from '../../src/plugins/plugin-loader.js';
import { accessRulesFor } from '../../src/schema/core-schema.js';
import { createCursorCodec } from '../../src/schema/connections/cursor-codec.js';
import { RequestLoaders } from '../../src/schema/request-loaders.js';

/** Cursors of schemas executed without the server. */
export const testCursors = createCursorCodec('cursor secret of in-process test schemas');

export const operatorViewer: Viewer = {
  kind: 'staff',
  staffId: 'operator',
  name: 'Test Operator',
  level: 'TOP',
  department: 'Management',
  isAdministrator: true,
  expiresAt: new Date('2100-01-01T00:00:00.000Z'),
};

export function accessContext(prisma: PrismaClient, viewer: Viewer = operatorViewer, plugins: readonly LoadedPlugin[] = []) {
  return { viewer, access: new AccessControl(viewer, accessRulesFor(plugins), prisma), actor: actorOf(viewer), cursors: testCursors, loaders: new RequestLoaders() };
}

/** The operator as a staff row, for schemas executed directly whose live subscriptions re-read their receiver. */
export function createOperatorStaff(prisma: PrismaClient) {
  return prisma.staff.create({
    data: { id: 'operator', name: 'Test Operator', searchName: 'test operator', email: 'operator@kam.test', level: 'TOP', department: 'Management', hireDate: new Date('2010-01-01'), isAdministrator: true },
  });
}
