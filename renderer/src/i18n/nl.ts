import type { Messages } from './en.ts';

export const nl: Messages = {
  app: {
    name: 'ANPR-werkstation',
    tagline: 'Onderzoek voertuigbewegingen binnen de wet die ze regelt.',
  },
  topbar: {
    language: 'Taal',
    theme: 'Thema',
    themeSystem: 'Systeem',
    themeLight: 'Licht',
    themeDark: 'Donker',
    platform: 'Platform',
    policy: 'Regelpakket',
    transportElectron: 'Desktoptoepassing',
    transportBrowser: 'Browseromgeving',
  },
  signIn: {
    title: 'Aanmelden bij het ANPR-platform',
    intro:
      'U meldt zich aan met uw platformaccount, wachtwoord en authenticatorcode. De aanmeldpagina opent in uw browser; dit werkstation ziet uw wachtwoord nooit.',
    button: 'Aanmelden via het platform',
    platform: 'Platform',
    policy: 'Geldende regels',
    legalTitle: 'Enkel rechtmatig gebruik',
    legal1:
      'Nummerplaatlezingen zijn persoonsgegevens. Raadpleeg ze enkel voor een dossier waaraan u bent toegewezen.',
    legal2:
      'Elke zoekopdracht, ophaling, export en wissing wordt gelogd met uw motivering en door toezichthouders gecontroleerd.',
    legal3: 'Lezingen ouder dan één maand vereisen de toestemming van de procureur (België).',
    pending: 'Rond de aanmelding af in het browservenster dat geopend werd…',
  },
  policy: {
    be: 'België (be): één maand, daarna toestemming van de procureur',
    dk: 'Denemarken (dk): hitcategorieën, gerichte operaties van 30 dagen',
  },
  errors: {
    loadFailed: 'Het werkstation is niet bereikbaar: {{message}}',
    retry: 'Opnieuw proberen',
  },
  common: {
    loading: 'Laden…',
  },
};
