/**
 * docs/access-rules.md: the access rules of core and the configured plugins
 * as one table. It is printed from the rules (`npm run access:print`) and a
 * test keeps it in sync; the role-by-operation test reads it back, so the
 * table, the code and the behaviour cannot drift apart.
 */
import { STAFF_LEVELS, type AccessRule, type AccessRules, type Reach } from './access-rules.js';

/** How each reach reads in the table; `parseReachCell` reads it back. */
export const REACH_LABELS: Record<Reach, string> = {
  all: 'all',
  department: 'department',
  team: 'own teams',
  relationship: 'relationship owner',
  none: '—',
};

const LEVEL_HEADINGS = { FRONTLINE: 'Frontline', MIDDLE: 'Middle management', TOP: 'Top management' } as const;
const COLUMN_ORDER = ['FRONTLINE', 'MIDDLE', 'TOP'] as const;

export interface AccessTableRow {
  coordinate: string;
  summary: string;
  anonymous: Reach;
  staff: Record<(typeof STAFF_LEVELS)[number], Reach>;
  /** Reach of an administrator beyond their level: `all` on administrator rules, else `none`. */
  administrators: Reach;
  serviceScope: string | null;
  /** Who defined the rule: core or a plugin name. */
  owner: string;
}

export function accessTableRows(rules: readonly { owner: string; rules: AccessRules }[]): AccessTableRow[] {
  const rows: AccessTableRow[] = [];
  for (const { owner, rules: set } of rules) {
    for (const [coordinate, rule] of Object.entries(set) as [string, AccessRule][]) {
      rows.push({
        coordinate,
        summary: rule.summary,
        anonymous: 'none',
        staff: { ...rule.staff },
        administrators: rule.administrators ? 'all' : 'none',
        serviceScope: rule.serviceScope ?? null,
        owner,
      });
    }
  }
  return rows;
}

export function renderAccessTable(rows: readonly AccessTableRow[]): string {
  const header = `| Operation or field | For | Anonymous | ${COLUMN_ORDER.map((l) => LEVEL_HEADINGS[l]).join(' | ')} | Administrator | Service scope | Defined by |`;
  const divider = `|${' --- |'.repeat(9)}`;
  const lines = rows.map((row) =>
    [
      `\`${row.coordinate}\``,
      row.summary,
      REACH_LABELS[row.anonymous],
      ...COLUMN_ORDER.map((level) => REACH_LABELS[row.staff[level]]),
      row.administrators === 'all' ? 'all' : 'as level',
      row.serviceScope ? `\`${row.serviceScope}\`` : '—',
      row.owner,
    ].join(' | '),
  );
  return [header, divider, ...lines.map((l) => `| ${l} |`)].join('\n');
}

export function parseReachCell(cell: string): Reach {
  const entry = Object.entries(REACH_LABELS).find(([, label]) => label === cell.trim());
  if (!entry) throw new Error(`unknown reach "${cell}" in the access table`);
  return entry[0] as Reach;
}

/** Reads the table back from the markdown document (the rows between the header and the first blank line). */
export function parseAccessTable(markdown: string): AccessTableRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Operation or field |'));
  if (start < 0) throw new Error('no access table found');
  const rows: AccessTableRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const [coordinate, summary, anonymous, frontline, middle, top, admin, scope, owner] = cells as [string, ...string[]];
    rows.push({
      coordinate: coordinate.replace(/`/g, ''),
      summary: summary!,
      anonymous: parseReachCell(anonymous!),
      staff: { FRONTLINE: parseReachCell(frontline!), MIDDLE: parseReachCell(middle!), TOP: parseReachCell(top!) },
      administrators: admin === 'all' ? 'all' : 'none',
      serviceScope: scope === '—' ? null : scope!.replace(/`/g, ''),
      owner: owner!,
    });
  }
  return rows;
}
