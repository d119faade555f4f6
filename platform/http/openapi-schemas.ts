import type { z } from 'zod';
import * as audit from '../../common/audit.ts';
import * as caseModule from '../../common/case.ts';
import * as deviceApi from '../../common/device-api.ts';
import * as geo from '../../common/geo.ts';
import * as officer from '../../common/officer.ts';
import * as offlineGrant from '../../common/offline-grant.node.ts';
import * as oversightApi from '../../common/oversight-api.ts';
import * as platformApi from '../../common/platform-api.ts';
import * as read from '../../common/read.ts';

/**
 * Component names for the OpenAPI document, derived from the contract
 * itself: a zod schema exported from one of these modules is published under
 * its export name (`export const CaseList = …` → `#/components/schemas/CaseList`),
 * wherever a route uses it, as a body or nested. A schema with
 * `.meta({ id })` keeps that id. A body schema found in neither (an inline
 * `z.object` in a route module) is named after its operation
 * (`PostAdminCasesBody`, `GetAdminCasesResponse`): every body is named.
 *
 * A route module with its own contract file adds that module here, one line,
 * to publish its schemas under their own names. Earlier modules win a name
 * clash; the later schema is then published under `<module prefix><name>`.
 */
const CONTRACT_MODULES: ReadonlyArray<{ prefix: string; exports: Record<string, unknown> }> = [
  { prefix: 'Platform', exports: platformApi },
  { prefix: 'Oversight', exports: oversightApi },
  { prefix: 'Device', exports: deviceApi },
  { prefix: 'OfflineGrant', exports: offlineGrant },
  { prefix: 'Case', exports: caseModule },
  { prefix: 'Read', exports: read },
  { prefix: 'Officer', exports: officer },
  { prefix: 'Audit', exports: audit },
  { prefix: 'Geo', exports: geo },
];

/**
 * Only structured types become components; a bare string or number
 * (Timestamp, Latitude…) reads better inline than as a `$ref` hop.
 */
const NAMED_KINDS = new Set(['object', 'union', 'intersection', 'enum', 'record', 'array']);

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

export function contractSchemaNames(
  modules: ReadonlyArray<{ prefix: string; exports: Record<string, unknown> }> = CONTRACT_MODULES,
): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  const taken = new Set<string>();
  for (const { prefix, exports } of modules) {
    for (const [name, value] of Object.entries(exports)) {
      if (!isZodSchema(value) || names.has(value)) continue;
      if (!NAMED_KINDS.has(value._zod.def.type)) continue;
      const unique = taken.has(name) ? `${prefix}${name}` : name;
      names.set(value, unique);
      taken.add(unique);
    }
  }
  return names;
}
