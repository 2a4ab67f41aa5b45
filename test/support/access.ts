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
  return { viewer, access: new AccessControl(viewer, accessRulesFor(plugins), prisma), actor: actorOf(viewer), cursors: testCursors };
}
