/**
 * Sign-in page texts in the three languages officers use. Kept as plain
 * data: the pages are server-rendered and work without JavaScript.
 */

export const LOCALES = ['nl', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const LANGUAGE_NAMES: Record<Locale, string> = {
  nl: 'Nederlands',
  fr: 'Français',
  en: 'English',
};

export interface Texts {
  title: string;
  heading: string;
  intro: string;
  username: string;
  password: string;
  code: string;
  codeHint: string;
  submit: string;
  cancel: string;
  language: string;
  errorSummary: string;
  invalidCredentials: string;
  locked: (minutes: number) => string;
  required: string;
  codeFormat: string;
  sessionExpired: string;
  errorTitle: string;
}

export const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Sign in – ANPR platform',
    heading: 'Sign in to the ANPR platform',
    intro: 'Use your police account and the 6-digit code from your authenticator app.',
    username: 'Username',
    password: 'Password',
    code: 'Authenticator code',
    codeHint: '6 digits, changes every 30 seconds.',
    submit: 'Sign in',
    cancel: 'Cancel',
    language: 'Language',
    errorSummary: 'Sign-in failed',
    invalidCredentials: 'The username, password or authenticator code is incorrect.',
    locked: (m) =>
      `This account is locked after too many failed sign-ins. Try again in ${m} minute${m === 1 ? '' : 's'} or ask an administrator to unlock it.`,
    required: 'This field is required.',
    codeFormat: 'Enter the 6 digits shown in your authenticator app.',
    sessionExpired: 'This sign-in page has expired. Start signing in again from the workstation.',
    errorTitle: 'Sign-in problem',
  },
  nl: {
    title: 'Aanmelden – ANPR-platform',
    heading: 'Aanmelden op het ANPR-platform',
    intro: 'Gebruik uw politieaccount en de code van 6 cijfers uit uw authenticator-app.',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    code: 'Authenticatorcode',
    codeHint: '6 cijfers, verandert elke 30 seconden.',
    submit: 'Aanmelden',
    cancel: 'Annuleren',
    language: 'Taal',
    errorSummary: 'Aanmelden mislukt',
    invalidCredentials: 'De gebruikersnaam, het wachtwoord of de authenticatorcode is onjuist.',
    locked: (m) =>
      `Dit account is geblokkeerd na te veel mislukte aanmeldingen. Probeer het over ${m} minu${m === 1 ? 'ut' : 'ten'} opnieuw of vraag een beheerder om het te deblokkeren.`,
    required: 'Dit veld is verplicht.',
    codeFormat: 'Voer de 6 cijfers uit uw authenticator-app in.',
    sessionExpired:
      'Deze aanmeldpagina is verlopen. Begin opnieuw met aanmelden vanuit het werkstation.',
    errorTitle: 'Probleem bij het aanmelden',
  },
  fr: {
    title: 'Connexion – plateforme ANPR',
    heading: 'Connexion à la plateforme ANPR',
    intro:
      'Utilisez votre compte de police et le code à 6 chiffres de votre application d’authentification.',
    username: 'Nom d’utilisateur',
    password: 'Mot de passe',
    code: 'Code d’authentification',
    codeHint: '6 chiffres, change toutes les 30 secondes.',
    submit: 'Se connecter',
    cancel: 'Annuler',
    language: 'Langue',
    errorSummary: 'Échec de la connexion',
    invalidCredentials:
      'Le nom d’utilisateur, le mot de passe ou le code d’authentification est incorrect.',
    locked: (m) =>
      `Ce compte est bloqué après trop de tentatives échouées. Réessayez dans ${m} minute${m === 1 ? '' : 's'} ou demandez à un administrateur de le débloquer.`,
    required: 'Ce champ est obligatoire.',
    codeFormat: 'Saisissez les 6 chiffres affichés par votre application d’authentification.',
    sessionExpired:
      'Cette page de connexion a expiré. Recommencez la connexion depuis le poste de travail.',
    errorTitle: 'Problème de connexion',
  },
};

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the page language: an explicit choice (the switcher) wins, then the
 * client's ui_locales, then the browser's Accept-Language, then English.
 */
export function pickLocale(
  explicit: unknown,
  uiLocales: unknown,
  acceptLanguage: string | undefined,
): Locale {
  if (typeof explicit === 'string' && isLocale(explicit)) return explicit;
  const candidates: string[] = [];
  if (typeof uiLocales === 'string') candidates.push(...uiLocales.split(/\s+/));
  if (acceptLanguage) {
    const weighted = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
        return { tag, q: q === undefined ? 1 : Number(q), index };
      })
      .filter((l) => l.tag && l.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    candidates.push(...weighted.map((l) => l.tag));
  }
  for (const candidate of candidates) {
    const primary = candidate.toLowerCase().split('-')[0] ?? '';
    if (isLocale(primary)) return primary;
  }
  return 'en';
}
