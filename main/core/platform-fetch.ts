import * as tls from 'node:tls';

/**
 * The fetch the main process reaches the platform with: OIDC discovery and
 * tokens (openid-client's customFetch), /healthz, the data API and the audit
 * upload.
 *
 * Node's fetch by default. It trusts Node's own CA bundle and ignores the
 * system proxy, so behind an agency CA or proxy sign-in fails. The Electron
 * shell therefore installs Electron's net.fetch (Chromium's network stack:
 * the OS certificate store and proxy settings, as in the officer's browser).
 * The browser shell keeps Node's fetch; ANPR_USE_SYSTEM_CA=1 makes Node trust
 * the OS certificate store as well (see trustSystemCertificates).
 */
let installed: typeof fetch | null = null;
let systemCaChecked = false;

/** The Electron shell calls this once at start; null restores Node's fetch (tests). */
export function usePlatformFetch(fetchImpl: typeof fetch | null): void {
  installed = fetchImpl;
}

export const platformFetch: typeof fetch = (input, init) => {
  if (installed) return installed(input, init);
  if (!systemCaChecked) {
    systemCaChecked = true;
    trustSystemCertificates(process.env, (message) => console.warn(`[network] ${message}`));
  }
  return fetch(input, init);
};

/**
 * With ANPR_USE_SYSTEM_CA=1, adds the operating system's trusted CAs (an
 * agency root installed by IT) to the ones Node's TLS clients trust, for
 * every later connection of this thread. Needs Node 24.5 or newer
 * (tls.setDefaultCACertificates); older Node is told to use the
 * `--use-system-ca` flag, which does the same at start-up.
 */
export function trustSystemCertificates(
  env: Record<string, string | undefined>,
  warn: (message: string) => void = () => {},
): 'added' | 'off' | 'unsupported' {
  if (env.ANPR_USE_SYSTEM_CA !== '1') return 'off';
  if (typeof tls.setDefaultCACertificates !== 'function') {
    warn('ANPR_USE_SYSTEM_CA=1 needs Node 24.5 or newer; start Node with --use-system-ca instead.');
    return 'unsupported';
  }
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    ...tls.getCACertificates('system'),
  ]);
  return 'added';
}
