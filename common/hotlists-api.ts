import { z } from 'zod';
import { Area } from './geo.ts';

/**
 * Hotlists, their entries, deployments and targeted operations as the
 * platform's administration API answers them (/api/v1/admin/hotlists,
 * /deployments, /operations; #14 items 4 and 5): one definition for the
 * platform's routes, its OpenAPI document and the workstation that parses
 * every answer.
 */
const Iso = z.iso.datetime({ offset: true });

export const HotlistView = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.string(),
    owner: z.string().nullable(),
    legalBasis: z.string().nullable(),
    purpose: z.string().nullable(),
    category: z.number().int().nullable(),
    expiresAt: Iso.nullable(),
    createdAt: Iso,
    createdBy: z.string().nullable(),
    status: z.enum(['active', 'expired']),
    entries: z.object({ open: z.number().int(), closed: z.number().int() }),
    unitIds: z.array(z.string()),
  })
  .meta({ id: 'Hotlist' });

export const HotlistEntry = z
  .object({
    id: z.number().int(),
    hotlistId: z.string(),
    plate: z.string(),
    country: z.string().nullable(),
    category: z.number().int().nullable(),
    reason: z.string(),
    validFrom: Iso,
    validUntil: Iso.nullable(),
    createdAt: Iso,
    createdBy: z.string().nullable(),
    closedAt: Iso.nullable(),
    closedBy: z.string().nullable(),
    closedReason: z.string().nullable(),
  })
  .meta({ id: 'HotlistEntry' });

export const Deployment = z
  .object({ unitId: z.string(), hotlistIds: z.array(z.string()) })
  .meta({ id: 'DeploymentLists' });

export const RerunReport = z
  .object({
    hotlistId: z.string(),
    examined: z.number().int(),
    hits: z.number().int(),
    extended: z.number().int(),
  })
  .meta({ id: 'HotlistRerunReport' });

export const OperationView = z
  .object({
    id: z.string(),
    name: z.string(),
    unitIds: z.array(z.string()).nullable(),
    area: Area.nullable(),
    validFrom: Iso,
    validTo: Iso,
    decidedBy: z.string(),
    createdAt: Iso,
    endedAt: Iso.nullable(),
    endedBy: z.string().nullable(),
    endReason: z.string().nullable(),
    hotlistIds: z.array(z.string()),
    status: z.enum(['planned', 'running', 'ended']),
  })
  .meta({ id: 'TargetedOperation' });
