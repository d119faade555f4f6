import { z } from 'zod';
import { justificationProblem, MAX_JUSTIFICATION_CHARS } from './justification.ts';
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
 * The offence type a query is made for: an id from the policy pack's list
 * (common/policy.ts `offences`), checked against the case's purpose by the
 * platform and the workstation before any data moves.
 */
export const OffenceTypeId = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'pick an offence type from the list')
  .max(64);
export type OffenceTypeId = z.infer<typeof OffenceTypeId>;

/**
 * A justification must say something: the shared quality rule of
 * justification.ts (length, no filler, keyboard runs or repetition, enough
 * distinct content words), with a message that says what a good one names.
 * Supervisors get flags for boilerplate and personal data on top of this.
 */
export const Justification = z
  .string()
  .trim()
  .max(MAX_JUSTIFICATION_CHARS)
  .superRefine((text, ctx) => {
    const problem = justificationProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
  });
