import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { oversightContract, SavedFile } from '../../common/api/oversight-contract.ts';
import type { Handlers } from '../../common/api/dispatch.ts';
import { ApiError } from '../../common/api/result.ts';
import { CaseList } from '../../common/platform-api.ts';
import {
  AccessRequest,
  AuditPage,
  ChainStatusList,
  OfficerActivity,
  OfficerList,
  OversightSummary,
  PostponementList,
  PostponementView,
  ReportFile,
  ReproduceResult,
  RequestDetail,
  RequestList,
  RevealResult,
  SampleCheck,
  SampleDue,
  SampleList,
} from '../../common/oversight-api.ts';
import type { Role } from '../../common/officer.ts';
import type { CallContext, WorkstationServices } from './services.ts';

/**
 * Handlers of extended-access requests and the prosecutor, commissioner and
 * supervisor workspaces. The platform decides, enforces and logs; here the
 * workstation checks the workspace the officer works in, forwards the call,
 * validates the answer, and saves exported documents (logged in the local
 * chain as disclosures to the officer).
 */

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A file name the platform proposed, made safe for the local file system. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '');
  return cleaned.slice(0, 120) || 'document';
}

export function oversightHandlers(
  s: WorkstationServices,
): Handlers<typeof oversightContract, CallContext> {
  const as = (...roles: Role[]) => s.session.requireOfficer(roles);
  const get = <S extends z.ZodType>(path: string, schema: S) =>
    s.platform.request('GET', path, schema);
  const post = <S extends z.ZodType>(path: string, schema: S, body: unknown = {}) =>
    s.platform.request('POST', path, schema, body);

  /**
   * Saves a document under `<dataDir>/exports/` (readable by the officer
   * only) and records the disclosure in the local chain.
   */
  async function save(
    file: z.infer<typeof ReportFile>,
    entry: { action: string; caseId: string | null; parameters: Record<string, unknown> },
  ): Promise<SavedFile> {
    const me = s.session.requireOfficer();
    const dir = join(s.config.dataDir, 'exports');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = s.clock().toISOString().replace(/[:.]/g, '-');
    const filename = `${stamp}-${safeName(file.filename)}`;
    const path = join(dir, filename);
    const bytes = Buffer.from(file.base64, 'base64');
    try {
      await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      throw new ApiError(
        'UNAVAILABLE',
        `The document could not be saved (${(error as Error).message}).`,
      );
    }
    await s.officer.record({
      operation: 'disclosure',
      action: entry.action,
      caseId: entry.caseId,
      purpose: entry.caseId ? 'judicial' : null,
      reasonCode: null,
      justification: 'Oversight document saved for the record by the officer who asked for it.',
      parameters: {
        ...entry.parameters,
        filename,
        contentType: file.contentType,
        bytes: bytes.length,
      },
      resultCount: 1,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: `officer:${me.id}`,
    });
    return { path, filename, bytes: bytes.length };
  }

  const READERS: Role[] = ['detective', 'prosecutor', 'supervisor'];

  return {
    'access.list': async (q) => {
      as(...READERS);
      return get(`/api/v1/extended-access/requests${query(q)}`, RequestList);
    },
    'access.get': async ({ requestId }) => {
      as(...READERS);
      return get(`/api/v1/extended-access/requests/${enc(requestId)}`, RequestDetail);
    },
    'access.file': async (body) => {
      as('detective');
      const created = await post('/api/v1/extended-access/requests', AccessRequest, body);
      await s.officer.record({
        operation: 'alteration',
        action: 'extended-access.request',
        caseId: created.caseId,
        purpose: 'judicial',
        reasonCode: null,
        justification: created.justification,
        parameters: { requestId: created.id, urgency: created.urgency },
        resultCount: null,
        outcome: 'allowed',
        outcomeReason: null,
        recipient: null,
      });
      return created;
    },
    'access.withdraw': async ({ requestId }) => {
      as('detective');
      return post(`/api/v1/extended-access/requests/${enc(requestId)}/withdraw`, AccessRequest);
    },
    'access.decide': async ({ requestId, decision }) => {
      as('prosecutor');
      return post(
        `/api/v1/extended-access/requests/${enc(requestId)}/decision`,
        AccessRequest,
        decision,
      );
    },
    'access.exportDecision': async ({ requestId }) => {
      as(...READERS);
      const file = await get(
        `/api/v1/extended-access/requests/${enc(requestId)}/document`,
        ReportFile,
      );
      const detail = await get(`/api/v1/extended-access/requests/${enc(requestId)}`, RequestDetail);
      return save(file, {
        action: 'extended-access.document-export',
        caseId: detail.request.caseId,
        parameters: { requestId },
      });
    },

    'postponements.list': async () => {
      as('commissioner', 'supervisor');
      return get('/api/v1/postponements', PostponementList);
    },
    'postponements.decide': async (body) => {
      as('commissioner');
      return post('/api/v1/postponements', PostponementView, body);
    },
    'postponements.export': async ({ postponementId }) => {
      as('commissioner', 'supervisor');
      const file = await get(`/api/v1/postponements/${enc(postponementId)}/document`, ReportFile);
      return save(file, {
        action: 'postponement.document-export',
        caseId: null,
        parameters: { postponementId },
      });
    },

    'oversight.cases': async () => {
      as('prosecutor', 'supervisor', 'commissioner');
      return { cases: (await get('/api/v1/cases', CaseList)).cases };
    },
    'oversight.officers': async () => {
      as('supervisor', 'prosecutor');
      return get('/api/v1/oversight/officers', OfficerList);
    },
    'oversight.audit': async (q) => {
      as('supervisor');
      return get(`/api/v1/oversight/audit${query(q)}`, AuditPage);
    },
    'oversight.reveal': async (body) => {
      as('supervisor');
      return post('/api/v1/oversight/audit/reveal', RevealResult, body);
    },
    'oversight.summary': async (q) => {
      as('supervisor');
      return get(`/api/v1/oversight/summary${query(q)}`, OversightSummary);
    },
    'oversight.activity': async (q) => {
      as('supervisor');
      return get(`/api/v1/oversight/activity${query(q)}`, OfficerActivity);
    },
    'oversight.chains': async () => {
      as('supervisor');
      return get('/api/v1/oversight/chains', ChainStatusList);
    },

    'samples.list': async () => {
      as('supervisor');
      return get('/api/v1/oversight/samples', SampleList);
    },
    'samples.due': async () => {
      as('supervisor');
      return get('/api/v1/oversight/samples-due', SampleDue);
    },
    'samples.create': async (body) => {
      as('supervisor');
      return post('/api/v1/oversight/samples', SampleCheck, body);
    },
    'samples.get': async ({ sampleId }) => {
      as('supervisor');
      return get(`/api/v1/oversight/samples/${enc(sampleId)}`, SampleCheck);
    },
    'samples.draw': async ({ sampleId, supervisorValue }) => {
      as('supervisor');
      return post(`/api/v1/oversight/samples/${enc(sampleId)}/draw`, SampleCheck, {
        supervisorValue,
      });
    },
    'samples.review': async ({ sampleId, ...review }) => {
      as('supervisor');
      return post(`/api/v1/oversight/samples/${enc(sampleId)}/reviews`, SampleCheck, review);
    },
    'samples.complete': async ({ sampleId }) => {
      as('supervisor');
      return post(`/api/v1/oversight/samples/${enc(sampleId)}/complete`, SampleCheck);
    },
    'samples.reproduce': async ({ sampleId, seed, supervisorValue }) => {
      as('supervisor');
      return post(`/api/v1/oversight/samples/${enc(sampleId)}/reproduce`, ReproduceResult, {
        seed,
        ...(supervisorValue === undefined ? {} : { supervisorValue }),
      });
    },
    'samples.export': async ({ sampleId, format }) => {
      as('supervisor');
      const file = await get(
        `/api/v1/oversight/samples/${enc(sampleId)}/report${query({ format })}`,
        ReportFile,
      );
      return save(file, {
        action: 'oversight.sample-report-export',
        caseId: null,
        parameters: { sampleId, format },
      });
    },
  };
}
