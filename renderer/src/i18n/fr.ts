import type { Messages } from './en.ts';

export const fr: Messages = {
  app: {
    name: 'Poste de travail ANPR',
    tagline:
      'Enquêter sur les déplacements de véhicules dans le respect de la loi qui les encadre.',
  },
  topbar: {
    language: 'Langue',
    theme: 'Thème',
    themeSystem: 'Système',
    themeLight: 'Clair',
    themeDark: 'Sombre',
    platform: 'Plateforme',
    policy: 'Règles',
    transportElectron: 'Application de bureau',
    transportBrowser: 'Navigateur',
  },
  signIn: {
    title: 'Se connecter à la plateforme ANPR',
    intro:
      'Vous vous connectez avec votre compte de la plateforme, votre mot de passe et votre code d’authentification. La page de connexion s’ouvre dans votre navigateur ; ce poste ne voit jamais votre mot de passe.',
    button: 'Se connecter via la plateforme',
    platform: 'Plateforme',
    policy: 'Règles en vigueur',
    legalTitle: 'Usage légitime uniquement',
    legal1:
      'Les lectures de plaques sont des données personnelles. Consultez-les uniquement pour un dossier qui vous est attribué.',
    legal2:
      'Chaque recherche, extraction, export et effacement est journalisé avec votre justification et contrôlé par les superviseurs.',
    legal3: 'Les lectures de plus d’un mois nécessitent l’autorisation du procureur (Belgique).',
    pending: 'Terminez la connexion dans la fenêtre du navigateur qui s’est ouverte…',
  },
  policy: {
    be: 'Belgique (be) : un mois, ensuite autorisation du procureur',
    dk: 'Danemark (dk) : catégories de hits, opérations ciblées de 30 jours',
  },
  errors: {
    loadFailed: 'Le poste de travail est injoignable : {{message}}',
    retry: 'Réessayer',
  },
  common: {
    loading: 'Chargement…',
  },
};
