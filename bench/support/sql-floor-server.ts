/**
 * The floor the dashboard benchmark compares against: the same data as the
 * API's dashboard and single-account queries, read with hand-written SQL
 * over node:http and node-postgres, and nothing else (no GraphQL, no token,
 * no authorisation beyond the frontline scoping in SQL). Benchmark only.
 *
 *   DATABASE_URL=postgresql://... node --import tsx bench/support/sql-floor-server.ts
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

const ACCOUNT_COLUMNS = `a.id, a.name, a.tier, a.region, a."annualSales"`;

async function accountsFor(staffId: string | null, where: string, params: unknown[]) {
  const scope = staffId ? `AND EXISTS (SELECT 1 FROM "AccountTeamMember" m WHERE m."accountId" = a.id AND m."staffId" = $${params.length + 1})` : '';
  const { rows } = await pool.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM "Account" a WHERE ${where} ${scope} ORDER BY a."searchName", a.id LIMIT 50`,
    staffId ? [...params, staffId] : params,
  );
  const ids = rows.map((r) => r.id);
  const [people, team, health] = await Promise.all([
    pool.query(
      `SELECT id, name, "decisionRole", "isKeyPerson", "accountId" FROM (
         SELECT p.*, row_number() OVER (PARTITION BY p."accountId" ORDER BY p."searchName", p.id) AS n FROM "Person" p WHERE p."accountId" = ANY($1)
       ) x WHERE n <= 10 ORDER BY "searchName", id`,
      [ids],
    ),
    pool.query(
      `SELECT m."accountId", m.responsibility, s.id, s.name, s.level FROM "AccountTeamMember" m JOIN "Staff" s ON s.id = m."staffId"
       WHERE m."accountId" = ANY($1) ORDER BY m.responsibility, m."assignedAt", m.id`,
      [ids],
    ),
    pool.query(`SELECT "accountId", score, level, "shortestStaves" FROM "AccountHealth" WHERE "accountId" = ANY($1)`, [ids]),
  ]);
  const byAccount = <T extends { accountId: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of list) map.set(row.accountId, [...(map.get(row.accountId) ?? []), row]);
    return map;
  };
  const peopleOf = byAccount(people.rows);
  const teamOf = byAccount(team.rows);
  const healthOf = new Map(health.rows.map((h) => [h.accountId, h]));
  return rows.map((a) => {
    const h = healthOf.get(a.id);
    return {
      node: {
        id: a.id,
        name: a.name,
        tier: a.tier,
        region: a.region,
        annualSales: a.annualSales,
        people: { edges: (peopleOf.get(a.id) ?? []).map((p) => ({ node: { id: p.id, name: p.name, decisionRole: p.decisionRole, isKeyPerson: p.isKeyPerson } })) },
        teamMembers: (teamOf.get(a.id) ?? []).map((m) => ({ responsibility: m.responsibility, staff: { id: m.id, name: m.name, level: m.level } })),
        health: h ? { score: h.score, level: h.level, shortestStaves: (JSON.parse(h.shortestStaves) as string[]).map((id) => ({ id })) } : null,
      },
    };
  });
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://floor');
    const staffId = url.searchParams.get('frontline');
    let data: unknown;
    if (url.pathname === '/dashboard') {
      data = { accounts: { edges: await accountsFor(staffId, `a.tier = 'KEY' AND a.status = 'ACTIVE'`, []) } };
    } else if (url.pathname === '/account') {
      const [edge] = await accountsFor(staffId, 'a.id = $1', [url.searchParams.get('id')]);
      data = { account: edge?.node ?? null };
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, '127.0.0.1', () => console.log(`floor on ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
