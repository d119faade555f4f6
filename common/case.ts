import { z } from 'zod';
import { Timestamp } from './read.ts';

/** A case is the unit of purpose: reads are pulled for a case and die with it. */
export const Purpose = z.enum(['judicial', 'administrative']);
export type Purpose = z.infer<typeof Purpose>;

export const CaseStatus = z.enum(['open', 'closed']);

export const Case = z.object({
  id: z.string().min(1).max(64),
  /** Case number as the agency writes it, e.g. "BR.12.LL.2026/1234". */
  number: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  offence: z.string().min(1).max(200),
  legalBasis: z.string().min(1).max(300),
  purpose: Purpose,
  status: CaseStatus,
  /** Officer ids assigned to the case; only they may pull or query under it. */
  assignedOfficers: z.array(z.string().min(1)).max(200),
  /** Display names of the assigned officers, same order (filled in by the platform's API). */
  assignedOfficerNames: z.array(z.string()).max(200).optional(),
  createdAt: Timestamp,
  /** Free-text scope the case covers (suspect vehicles, area), for the officer's eyes. */
  scope: z.string().max(2000).default(''),
});
export type Case = z.infer<typeof Case>;

/**
 * Reason codes a query must carry in addition to a free-text justification.
 * The justification is what a supervisor reads; the code makes statistics possible.
 */
export const ReasonCode = z.enum([
  'suspect-vehicle', // vehicle tied to a suspect of the case
  'witness-vehicle',
  'victim-vehicle',
  'scene-presence', // who was at a place at a time
  'route-reconstruction',
  'association', // convoy / co-travel
  'hotlist-follow-up',
  'cloned-plate',
  'other',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

/**
 * A justification must say something: at least 20 characters and three words.
 * Supervisors get flags for boilerplate and personal data on top of this.
 */
export const Justification = z
  .string()
  .trim()
  .min(20, 'justification must be at least 20 characters')
  .max(2000)
  .refine((s) => s.split(/\s+/).filter((w) => w.length > 1).length >= 3, {
    message: 'justification must explain the need in at least three words',
  });
