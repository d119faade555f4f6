import { z } from 'zod';
import { Case } from '../case.ts';
import {
  AccessRequest,
  AuditPage,
  AuditQuery,
  ChainStatusList,
  CreateSampleBody,
  DecisionBody,
  EntryRef,
  FileRequestBody,
  OfficerActivity,
  OfficerList,
  OversightSummary,
  PeriodQuery,
  PostponementBody,
  PostponementList,
  PostponementView,
  ReproduceResult,
  RequestDetail,
  RequestList,
  RequestListQuery,
  RevealResult,
  ReviewBody,
  SampleCheck,
  SampleDue,
  SampleList,
  SupervisorValue,
} from '../oversight-api.ts';
import { Justification } from '../case.ts';
import type { Contract } from './dispatch.ts';

/**
 * Oversight calls: extended-access requests and decisions (detective,
 * prosecutor, commissioner) and the supervisor's audit workspace. Merged into
 * the one workstation contract in contract.ts. The workstation forwards them
 * to the platform, which decides, enforces and logs; documents the officer
 * exports are saved by the workstation and logged in its own chain.
 */

const Id = z.string().min(1).max(64);
const RequestRef = z.object({ requestId: Id }).strict();
const SampleRef = z.object({ sampleId: Id }).strict();

/** Where the workstation saved an exported document. */
export const SavedFile = z.object({
  path: z.string(),
  filename: z.string(),
  bytes: z.number().int().min(0),
});
export type SavedFile = z.infer<typeof SavedFile>;

export const oversightContract = {
  // Extended access (detective files; prosecutor decides; supervisor reads)
  'access.list': { input: RequestListQuery.strict(), output: RequestList },
  'access.get': { input: RequestRef, output: RequestDetail },
  'access.file': { input: FileRequestBody, output: AccessRequest },
  'access.withdraw': { input: RequestRef, output: AccessRequest },
  'access.decide': {
    input: z.object({ requestId: Id, decision: DecisionBody }).strict(),
    output: AccessRequest,
  },
  'access.exportDecision': { input: RequestRef, output: SavedFile },

  // Postponement of deletion (dk; commissioner decides)
  'postponements.list': { input: z.object({}).strict(), output: PostponementList },
  'postponements.decide': { input: PostponementBody, output: PostponementView },
  'postponements.export': {
    input: z.object({ postponementId: Id }).strict(),
    output: SavedFile,
  },

  // Supervisor (and prosecutor: case and officer metadata)
  'oversight.cases': { input: z.object({}).strict(), output: z.object({ cases: z.array(Case) }) },
  'oversight.officers': { input: z.object({}).strict(), output: OfficerList },
  'oversight.audit': { input: AuditQuery.strict(), output: AuditPage },
  'oversight.reveal': {
    input: z.object({ ref: EntryRef, justification: Justification }).strict(),
    output: RevealResult,
  },
  'oversight.summary': { input: PeriodQuery.strict(), output: OversightSummary },
  'oversight.activity': {
    input: PeriodQuery.extend({ officerId: Id }).strict(),
    output: OfficerActivity,
  },
  'oversight.chains': { input: z.object({}).strict(), output: ChainStatusList },

  // Sample checks
  'samples.list': { input: z.object({}).strict(), output: SampleList },
  'samples.due': { input: z.object({}).strict(), output: SampleDue },
  'samples.create': { input: CreateSampleBody.strict(), output: SampleCheck },
  'samples.get': { input: SampleRef, output: SampleCheck },
  'samples.draw': {
    input: z.object({ sampleId: Id, supervisorValue: SupervisorValue }).strict(),
    output: SampleCheck,
  },
  'samples.review': {
    input: ReviewBody.extend({ sampleId: Id }).strict(),
    output: SampleCheck,
  },
  'samples.complete': { input: SampleRef, output: SampleCheck },
  'samples.reproduce': {
    input: z
      .object({
        sampleId: Id,
        seed: z.string().regex(/^[0-9a-f]{64}$/i),
        supervisorValue: SupervisorValue.optional(),
      })
      .strict(),
    output: ReproduceResult,
  },
  'samples.export': {
    input: z.object({ sampleId: Id, format: z.enum(['pdf', 'csv']) }).strict(),
    output: SavedFile,
  },
} satisfies Contract;
