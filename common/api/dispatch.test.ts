import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createClient, dispatch, type Handlers } from './dispatch.ts';
import { ApiError } from './result.ts';

const contract = {
  'cases.open': {
    input: z.object({ caseId: z.string().min(1) }).strict(),
    output: z.object({ title: z.string() }),
  },
  'broken.output': { input: z.object({}), output: z.object({ n: z.number() }) },
};

function setup() {
  const open = vi.fn(async ({ caseId }: { caseId: string }) => {
    if (caseId === 'missing') throw new ApiError('NOT_FOUND', 'No case missing.');
    if (caseId === 'boom') throw new Error('database exploded at /secret/path');
    return { title: `Case ${caseId}` };
  });
  const handlers: Handlers<typeof contract, null> = {
    'cases.open': open,
    'broken.output': async () => ({ n: 'not a number' }) as unknown as { n: number },
  };
  return { handlers, open };
}

describe('dispatch: the one entry point of both transports', () => {
  it('passes a valid argument to the service and returns its value', async () => {
    const { handlers } = setup();
    expect(await dispatch(contract, handlers, 'cases.open', { caseId: 'c1' }, null)).toEqual({
      ok: true,
      value: { title: 'Case c1' },
    });
  });

  it('refuses an invalid argument with a clear error before any service code runs', async () => {
    const { handlers, open } = setup();
    const result = await dispatch(contract, handlers, 'cases.open', { caseId: 42 }, null);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(!result.ok && result.error.message).toMatch(/cases\.open.*caseId/);
    const extra = await dispatch(
      contract,
      handlers,
      'cases.open',
      { caseId: 'c1', sql: 'DROP' },
      null,
    );
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses unknown and inherited method names', async () => {
    const { handlers } = setup();
    for (const name of ['nope', '__proto__', 'toString', 42]) {
      expect(await dispatch(contract, handlers, name, {}, null)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
  });

  it('turns service ApiErrors into error envelopes and hides internal details', async () => {
    const { handlers } = setup();
    const internal = vi.fn();
    expect(await dispatch(contract, handlers, 'cases.open', { caseId: 'missing' }, null)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No case missing.' },
    });
    const boom = await dispatch(contract, handlers, 'cases.open', { caseId: 'boom' }, null, {
      onInternalError: internal,
    });
    expect(boom).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(boom)).not.toContain('/secret/path');
    expect(internal).toHaveBeenCalledOnce();
  });

  it('never lets a malformed result leave the service', async () => {
    const { handlers } = setup();
    expect(await dispatch(contract, handlers, 'broken.output', {}, null)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('gives the renderer a typed client that throws ApiError on failure', async () => {
    const { handlers } = setup();
    const client = createClient(contract, (m, i) => dispatch(contract, handlers, m, i, null));
    await expect(client['cases.open']({ caseId: 'c2' })).resolves.toEqual({ title: 'Case c2' });
    await expect(client['cases.open']({ caseId: 'missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
