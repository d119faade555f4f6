import { z } from 'zod';

/**
 * Platform settings with their defaults in one place, so a deployment (or a
 * test) overrides a number explicitly instead of it being buried in a module.
 * Durations are in seconds unless the name says otherwise.
 */
export const PlatformLimits = z.object({
  /** Default request body limit; a route may raise it for itself. */
  bodyLimitBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Requests per minute per client IP on every Fastify route. */
  perIpPerMinute: z.number().int().positive().default(1200),
  /** Requests per minute per authenticated officer (counted in `authenticate`). */
  perOfficerPerMinute: z.number().int().positive().default(600),
  /** Log-on form submissions per minute per client IP (slows password spraying). */
  loginPerIpPerMinute: z.number().int().positive().default(30),
  /** Requests per minute per client IP to the OIDC endpoints (/oidc/*). */
  oidcPerIpPerMinute: z.number().int().positive().default(600),
});
export type PlatformLimits = z.infer<typeof PlatformLimits>;

export const IdentitySettings = z.object({
  /** Failed log-ons (wrong password or code) before the account locks. */
  maxFailedLogons: z.number().int().positive().default(5),
  lockSeconds: z
    .number()
    .int()
    .positive()
    .default(10 * 60),
  accessTokenSeconds: z
    .number()
    .int()
    .positive()
    .default(5 * 60),
  /**
   * Absolute lifetime of a sign-in: rotated refresh tokens inherit the
   * remaining lifetime, so an officer signs in again after a shift.
   */
  sessionSeconds: z
    .number()
    .int()
    .positive()
    .default(12 * 60 * 60),
  interactionSeconds: z
    .number()
    .int()
    .positive()
    .default(10 * 60),
  /** scrypt cost (N = 2^log2N); stored per password hash, so it can be raised later. */
  scryptLog2N: z.number().int().min(14).max(20).default(15),
});
export type IdentitySettings = z.infer<typeof IdentitySettings>;

/** Identifiers other parts of the system rely on (workstation, tests). */
export const WORKSTATION_CLIENT_ID = 'anpr-workstation';
export const WORKSTATION_REDIRECT_URI = 'http://127.0.0.1/callback';
export const API_AUDIENCE = 'urn:anpr:platform';
export const MFA_ACR = 'urn:anpr:mfa';
export const OIDC_MOUNT_PATH = '/oidc';
export const WORKSTATION_SCOPES = ['openid', 'profile', 'offline_access'] as const;

export type PolicyId = 'be' | 'dk';
