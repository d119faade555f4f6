import { mapMessages } from '../map/messages.ts';
import { whyMessages } from '../components/messages.ts';
import { detectiveMessages } from '../workspaces/detective/messages.ts';
import { oversightMessages } from '../workspaces/oversight/messages.ts';
import type { Messages } from './en.ts';

export const fr: Messages = {
  app: {
    name: 'Poste de travail ANPR',
    tagline:
      'Enquêter sur les déplacements de véhicules dans le respect de la loi qui les encadre.',
  },
  topbar: {
    skip: 'Aller au contenu',
    workspace: 'Espace de travail',
    lock: 'Verrouiller',
    lockHint:
      'Verrouiller la session maintenant (elle se verrouille aussi seule en cas d’inactivité)',
    signOut: 'Se déconnecter',
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
    lockedTitle: 'Session verrouillée',
    lockedText:
      '{{name}}, votre session s’est verrouillée après {{minutes}} minutes sans activité. Les données du dossier restent masquées jusqu’à votre reconnexion.',
    lockedManual:
      '{{name}}, vous avez verrouillé la session. Les données du dossier restent masquées jusqu’à votre reconnexion.',
    lockedExpired:
      '{{name}}, votre session a expiré. Les données du dossier restent masquées jusqu’à votre reconnexion.',
    unlock: 'Se reconnecter',
    openAgain: 'Rouvrir la page de connexion',
    cancel: 'Annuler',
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
  offline: {
    working: 'Hors ligne : encore {{left}}',
    workingUntil: 'Hors ligne jusqu’à {{until}}.',
    workingHint:
      'La plateforme est injoignable. Vous travaillez sur les dossiers rapatriés pour vous ; chaque action est journalisée ici et transmise au prochain contact. Les données des dossiers se verrouillent à la fin de la période hors ligne.',
    ready: 'Prêt hors ligne',
    readyHint:
      'Si la plateforme devient injoignable, vous pouvez déverrouiller ce poste avec votre code hors ligne jusqu’à {{until}}.',
    setUp: 'Définir le code hors ligne',
    setUpTitle: 'Code hors ligne pour ce poste',
    setUpIntro:
      'Avec ce code, vous déverrouillez ce poste et travaillez sur les dossiers rapatriés pour vous lorsque la plateforme est injoignable, jusqu’à {{until}}. Il n’est conservé que sous forme d’empreinte ; après {{max}} essais erronés, seule une connexion en ligne aide.',
    pin: 'Code hors ligne (au moins 6 caractères)',
    pinAgain: 'Le même code une seconde fois',
    mismatch: 'Les deux codes diffèrent.',
    save: 'Enregistrer le code',
    saved: 'Code hors ligne défini.',
    cancel: 'Annuler',
    left: '{{hours}} h {{minutes}} min',
    leftMinutes: '{{minutes}} min',
    unlockTitle: 'La plateforme est injoignable',
    unlockText:
      '{{name}} peut déverrouiller hors ligne jusqu’à {{until}} avec le code hors ligne défini à la connexion, et travailler sur les dossiers rapatriés pour lui ou elle.',
    unlock: 'Déverrouiller hors ligne',
    lockedOut:
      'Le déverrouillage hors ligne est bloqué après trop de codes erronés : connectez-vous à la plateforme.',
    ended:
      '{{name}}, la période hors ligne est terminée. Les données des dossiers restent verrouillées jusqu’à votre connexion à la plateforme.',
  },
  roles: {
    detective: 'Enquêteur',
    prosecutor: 'Procureur',
    supervisor: 'Superviseur',
    commissioner: 'Commissaire',
    admin: 'Administrateur',
  },
  policy: {
    be: 'Belgique (be) : un mois, ensuite autorisation du procureur',
    dk: 'Danemark (dk) : catégories de hits, opérations ciblées de 30 jours',
  },
  cases: {
    title: 'Mes dossiers',
    refresh: 'Actualiser',
    none: 'Vous n’êtes attribué à aucun dossier.',
    pick: 'Choisissez un dossier à gauche pour voir sa portée et les données conservées.',
    closed: 'Clôturé',
    localReads: '{{count}} lectures ici',
    noLocal: 'Aucune donnée locale',
    noLocalLong:
      'Aucune lecture de ce dossier n’est encore conservée sur ce poste. Utilisez « Ajouter des données au dossier ».',
    offence: 'Infraction',
    legalBasis: 'Base légale',
    purpose: 'Finalité',
    scope: 'Portée',
    officers: 'Agents attribués',
    localTitle: 'Données conservées sur ce poste',
    reads: 'Lectures',
    plates: 'Plaques',
    span: 'Période',
    lastPull: 'Dernière extraction',
  },
  purpose: { judicial: 'Judiciaire', administrative: 'Administrative' },
  pull: {
    add: 'Ajouter des données au dossier',
    title: 'Ajouter des données au dossier {{number}}',
    intro:
      'La plateforme décide de ce que vous pouvez recevoir : les lectures de plus d’un mois nécessitent une demande d’accès étendu approuvée.',
    what: 'Quoi extraire',
    byPlates: 'Plaques',
    byArea: 'Zone',
    plates: 'Plaques (une par ligne ; ? = un caractère, * = quelconque)',
    platesHint: 'Plaques exactes ou jokers comme 1-AB?-12*',
    lat: 'Latitude',
    lon: 'Longitude',
    radius: 'Rayon (m)',
    from: 'Du',
    to: 'Au',
    reason: 'Motif',
    justification: 'Justification',
    justificationHint:
      'Expliquez pourquoi ces données sont nécessaires au dossier. Les superviseurs la liront.',
    start: 'Lancer l’extraction',
    progress: 'Progression de l’extraction',
    rate: '{{rate}} lectures/s',
    eta: 'environ {{eta}} restant',
    withheld: '{{count}} lectures retenues par le contrôle légal.',
    invalid: '{{count}} enregistrements invalides non conservés',
    line: 'ligne {{line}}',
    cancel: 'Annuler',
    resume: 'Reprendre',
    state: {
      running: 'Extraction en cours…',
      retrying: 'Connexion perdue, nouvelle tentative…',
      done: 'Terminé',
      cancelled: 'Annulé',
      failed: 'Échec',
    },
  },
  reason: {
    'suspect-vehicle': 'Véhicule du suspect',
    'witness-vehicle': 'Véhicule d’un témoin',
    'victim-vehicle': 'Véhicule de la victime',
    'scene-presence': 'Présence sur un lieu',
    'route-reconstruction': 'Reconstitution d’itinéraire',
    association: 'Association (convoi)',
    'hotlist-follow-up': 'Suivi de signalement',
    'cloned-plate': 'Plaque clonée',
    other: 'Autre (expliquer)',
  },
  errors: {
    loadFailed: 'Le poste de travail est injoignable : {{message}}',
    retry: 'Réessayer',
  },
  map: mapMessages.fr,
  detective: detectiveMessages.fr,
  why: whyMessages.fr,
  oversight: oversightMessages.fr,
  common: {
    cancel: 'Annuler',
    loading: 'Chargement…',
    dismiss: 'Fermer',
  },
  settings: {
    open: 'Paramètres',
    openHint: 'Fuseau horaire, fond de carte, langue et thème',
    title: 'Paramètres',
    timeZone: 'Afficher les heures en',
    timeZoneHint:
      "Les lectures gardent leur instant exact ; seul l'affichage change. L'heure UTC reste visible au survol.",
    basemap: 'Fond de carte',
    basemapKind: {
      offline: 'Carte intégrée (hors ligne)',
      tiles: 'Serveur de tuiles du service',
      pmtiles: 'Fichier PMTiles local',
    },
    basemapHint: {
      offline:
        "Frontières, villes et corridors de caméras livrés avec l'application ; aucun réseau.",
      tiles: "Tuiles raster de votre service ; l'application ne contacte alors que ce serveur.",
      pmtiles:
        'Un fichier de carte vectorielle sur cet ordinateur ou un lecteur réseau (p. ex. un extrait Protomaps).',
    },
    tileUrl: 'Modèle d’URL des tuiles',
    tileAttribution: 'Attribution (affichée sur la carte)',
    pmtilesPath: 'Chemin complet du fichier .pmtiles',
    reloadNote:
      'L’enregistrement recharge la fenêtre : sa politique de sécurité admet alors cette source de carte et aucune autre.',
    dataDir: 'Dossier de données chiffrées',
    save: 'Enregistrer',
    loadProblem: 'Vos paramètres enregistrés n’ont pas pu être utilisés : {{message}}',
    keys: {
      title: 'Clés de chiffrement des données locales',
      text: 'Les dossiers téléchargés ici et la base propre de ce poste (paramètres, journal d’audit) sont chacun chiffrés avec une clé du trousseau du système. Rechiffrer donne à chacun une nouvelle clé : les anciennes (dans une sauvegarde, sur une copie perdue) n’ouvrent plus rien. Cela se fait tous les 90 jours ; faites-le maintenant si une clé a pu fuiter. Chaque rechiffrement est journalisé.',
      rotate: 'Rechiffrer les données locales maintenant',
      rotating: 'Rechiffrement…',
      done: 'Rechiffré à {{time}} : {{what}}.',
      workstation: 'la base du poste de travail',
      cases_one: 'le stockage de {{count}} dossier',
      cases_other: 'le stockage de {{count}} dossiers',
      failed: 'Non rechiffrés (leur ancienne clé les ouvre encore ; réessayez) : {{stores}}',
    },
  },
};
