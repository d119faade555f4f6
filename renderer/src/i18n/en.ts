/** English messages: the reference locale. nl.ts and fr.ts must have the same keys (type-checked). */
export const en = {
  app: {
    name: 'ANPR Workstation',
    tagline: 'Investigate vehicle movements under the law that governs them.',
  },
  topbar: {
    language: 'Language',
    theme: 'Theme',
    themeSystem: 'System',
    themeLight: 'Light',
    themeDark: 'Dark',
    platform: 'Platform',
    policy: 'Policy pack',
    transportElectron: 'Desktop app',
    transportBrowser: 'Browser shell',
  },
  signIn: {
    title: 'Sign in to the ANPR platform',
    intro:
      'You sign in with your platform account, password and authenticator code. The sign-in page opens in your browser; this workstation never sees your password.',
    button: 'Sign in with the platform',
    platform: 'Platform',
    policy: 'Rules in force',
    legalTitle: 'Lawful use only',
    legal1: 'Plate reads are personal data. Consult them only for a case you are assigned to.',
    legal2:
      'Every query, pull, export and erasure is logged with your justification and checked by supervisors.',
    legal3: 'Reads older than one month need a prosecutor’s approval (Belgium).',
    pending: 'Complete the sign-in in the browser window that opened…',
  },
  policy: {
    be: 'Belgium (be): one month, then prosecutor approval',
    dk: 'Denmark (dk): hit categories, 30-day targeted operations',
  },
  errors: {
    loadFailed: 'The workstation could not be reached: {{message}}',
    retry: 'Try again',
  },
  common: {
    loading: 'Loading…',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
