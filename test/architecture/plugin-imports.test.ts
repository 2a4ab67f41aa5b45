/** Plugins reach the host only through the kit: the lint rule that says so fires, and every plugin passes it. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const ruleMessages = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

describe('what a plugin may import', () => {
  it.each([
    "import { createTransactionRunner } from '../../src/events/unit-of-work.js';",
    "import { InvoiceStatus } from '../../src/generated/prisma-sqlite/enums.js';",
    "import { startTestApp } from '../../../test/support/test-app.js';",
    "import { CORE_VERSION } from 'kam-graphql/src/version.js';",
  ])('refuses %s', async (line) => {
    expect(await ruleMessages(`${line}\nexport {};\n`, 'plugins/example/index.ts')).toHaveLength(1);
  });

  it('accepts the kit and a plugin’s own modules', async () => {
    const code = "import { definePlugin } from 'kam-graphql/plugin';\nimport { startTestApp } from 'kam-graphql/testing';\nimport { rules } from './rules.js';\nexport { definePlugin, startTestApp, rules };\n";
    expect(await ruleMessages(code, 'plugins/example/index.ts')).toEqual([]);
  });

  it('holds for every plugin of this repository', async () => {
    const results = await eslint.lintFiles(['plugins/']);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`))).toEqual([]);
  });
});
