import { z } from 'zod';
import { Role } from '../../common/officer.ts';
import { DataError } from './errors.ts';

/** The authenticated officer as the route layer passes it in (roles asserted by the platform). */
export interface Actor {
  id: string;
  roles: readonly Role[];
}

export const ActorSchema = z.object({ id: z.string().min(1).max(64), roles: z.array(Role) });

/** Who does what, when: every state-changing operation takes one. */
export interface ActorContext {
  officer: Actor;
  now: Date;
}

export function requireRole(officer: Actor, role: Role | readonly Role[], what: string): void {
  const allowed = typeof role === 'string' ? [role] : role;
  if (!officer.roles.some((r) => allowed.includes(r))) {
    throw new DataError('forbidden', `Only ${allowed.join(' or ')} may ${what}.`);
  }
}

/** Parses input at the data layer's boundary; the message names fields, never their values. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new DataError('invalid', `Invalid ${what}: ${describeIssues(result.error)}`);
  return result.data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}
