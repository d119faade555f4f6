import type { z } from 'zod';
import { ApiError, fail, ok, type ApiResult } from './result.ts';

/** One API call: the schema of its argument and of its result. */
export interface Method<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}
export type Contract = Record<string, Method>;

export type Input<M extends Method> = z.input<M['input']>;
export type Output<M extends Method> = z.output<M['output']>;

/** Server side: one function per method, receiving the *parsed* argument. */
export type Handlers<C extends Contract, Ctx = void> = {
  [K in keyof C]: (
    input: z.output<C[K]['input']>,
    ctx: Ctx,
  ) => Promise<Output<C[K]>> | Output<C[K]>;
};

/** Client side: one async function per method, throwing ApiError on failure. */
export type Client<C extends Contract> = {
  [K in keyof C]: (input: Input<C[K]>) => Promise<Output<C[K]>>;
};

/** What a transport carries: a method name and a raw argument, back an envelope. */
export type Transport = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(argument)'}: ${i.message}`)
    .join('; ');
}

export function isMethodName<C extends Contract>(
  contract: C,
  name: unknown,
): name is keyof C & string {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export interface DispatchOptions {
  /** Called with unexpected errors; they are logged, never sent to the caller. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The single entry point of both transports. It validates the argument
 * *before* any service code runs, and the result before it leaves, so a
 * service never sees malformed input and a caller never sees a malformed value.
 */
export async function dispatch<C extends Contract, Ctx>(
  contract: C,
  handlers: Handlers<C, Ctx>,
  method: unknown,
  rawInput: unknown,
  ctx: Ctx,
  options: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  if (!isMethodName(contract, method)) {
    return fail('UNKNOWN_METHOD', `Unknown API method: ${String(method).slice(0, 80)}`);
  }
  const spec = contract[method]!;
  const parsed = spec.input.safeParse(rawInput);
  if (!parsed.success) {
    return fail(
      'INVALID_ARGUMENT',
      `Invalid argument for ${method}: ${formatZodError(parsed.error)}`,
    );
  }
  let value: unknown;
  try {
    value = await handlers[method](parsed.data as never, ctx);
  } catch (error) {
    if (error instanceof ApiError) return fail(error.code, error.message);
    options.onInternalError?.(method, error);
    return fail('INTERNAL', `Internal error in ${method}; details are in the workstation log.`);
  }
  const checked = spec.output.safeParse(value);
  if (!checked.success) {
    options.onInternalError?.(method, checked.error);
    return fail('INTERNAL', `Internal error in ${method}: invalid result.`);
  }
  return ok(checked.data);
}

/** Builds the typed client over any transport (IPC bridge or loopback HTTP). */
export function createClient<C extends Contract>(contract: C, transport: Transport): Client<C> {
  const client = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(contract)) {
    client[name] = async (input: unknown) => {
      const result = await transport(name, input === undefined ? {} : input);
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      return result.value;
    };
  }
  return client as Client<C>;
}
