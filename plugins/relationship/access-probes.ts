/**
 * The relationship plugin's access probes, which the host's access matrix
 * and hidden-reference suite run for every role: each entity folder ships
 * its own (`<folder>/<entity>-probes.ts`); this file merges them. A probe
 * name claimed twice is a mistake and fails loudly.
 */
import type { AccessProbes, TestApp } from 'kam-graphql/testing';
import { anniversaryProbes } from './anniversaries/anniversary-probes.js';
import { careMomentProbes } from './care-moments/care-moment-probes.js';
import { dossierProbes } from './dossier/dossier-probes.js';
import { powerMapProbes } from './power-map/power-map-probes.js';
import { qualificationProbes } from './qualification/qualification-probes.js';
import { staveProbes } from './staves/stave-probes.js';
import { visitProbes } from './visits/visit-probes.js';

function merge(parts: readonly AccessProbes[]): AccessProbes {
  const merged: Required<Omit<AccessProbes, 'prepareAccount'>> = { operations: {}, references: {}, cursors: {} };
  for (const part of parts) {
    for (const key of ['operations', 'references', 'cursors'] as const) {
      for (const [name, probe] of Object.entries(part[key] ?? {})) {
        if (name in merged[key]) throw new Error(`relationship access probes: ${key} ${name} is defined twice`);
        (merged[key] as Record<string, unknown>)[name] = probe;
      }
    }
  }
  const preparers = parts.flatMap((p) => (p.prepareAccount ? [p.prepareAccount.bind(p)] : []));
  return {
    ...merged,
    // Later parts may use the records earlier ones made (a visit needs the account's people).
    async prepareAccount(t: TestApp, accountId: string) {
      const ids: Record<string, string> = {};
      for (const prepare of preparers) Object.assign(ids, await prepare(t, accountId));
      return ids;
    },
  };
}

export const accessProbes: AccessProbes = merge([staveProbes, dossierProbes, anniversaryProbes, visitProbes, careMomentProbes, qualificationProbes, powerMapProbes]);
