import { z } from 'zod';

/**
 * Officer roles. An officer may hold several and switches workspace between
 * them; the platform checks the role on every call, whatever the UI shows.
 */
export const Role = z.enum(['detective', 'prosecutor', 'supervisor', 'commissioner', 'admin']);
export type Role = z.infer<typeof Role>;

/** Officer identity as the platform asserts it (OIDC subject = officer id). */
export const Officer = z.object({
  id: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  displayName: z.string().min(1).max(120),
  roles: z.array(Role).min(1),
  /** Authentication methods of the current session, e.g. ["pwd","otp"]. */
  amr: z.array(z.string()).default([]),
});
export type Officer = z.infer<typeof Officer>;
