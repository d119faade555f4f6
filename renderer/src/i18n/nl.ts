import { mapMessages } from '../map/messages.ts';
import { whyMessages } from '../components/messages.ts';
import { detectiveMessages } from '../workspaces/detective/messages.ts';
import { oversightMessages } from '../workspaces/oversight/messages.ts';
import type { Messages } from './en.ts';

export const nl: Messages = {
  app: {
    name: 'ANPR-werkstation',
    tagline: 'Onderzoek voertuigbewegingen binnen de wet die ze regelt.',
  },
  topbar: {
    skip: 'Naar de inhoud',
    workspace: 'Werkruimte',
    lock: 'Vergrendelen',
    lockHint: 'Vergrendel de sessie nu (ze vergrendelt ook vanzelf bij inactiviteit)',
    signOut: 'Afmelden',
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
    lockedTitle: 'Sessie vergrendeld',
    lockedText:
      '{{name}}, uw sessie werd vergrendeld na {{minutes}} minuten zonder activiteit. Dossiergegevens blijven verborgen tot u zich opnieuw aanmeldt.',
    lockedManual:
      '{{name}}, u hebt de sessie vergrendeld. Dossiergegevens blijven verborgen tot u zich opnieuw aanmeldt.',
    lockedExpired:
      '{{name}}, uw sessie is verlopen. Dossiergegevens blijven verborgen tot u zich opnieuw aanmeldt.',
    unlock: 'Opnieuw aanmelden',
    openAgain: 'Aanmeldpagina opnieuw openen',
    cancel: 'Annuleren',
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
  offline: {
    working: 'Offline: nog {{left}}',
    workingUntil: 'Offline tot {{until}}.',
    workingHint:
      'Het platform is onbereikbaar. U werkt aan de dossiers die voor u zijn opgehaald; elke handeling wordt hier gelogd en bij het volgende contact doorgestuurd. Dossiergegevens worden vergrendeld aan het einde van de offlineperiode.',
    ready: 'Offline klaar',
    readyHint:
      'Als het platform onbereikbaar wordt, kunt u dit werkstation tot {{until}} ontgrendelen met uw offline-pincode.',
    setUp: 'Offline-pincode instellen',
    setUpTitle: 'Offline-pincode voor dit werkstation',
    setUpIntro:
      'Met deze pincode ontgrendelt u dit werkstation en werkt u aan de voor u opgehaalde dossiers terwijl het platform onbereikbaar is, tot {{until}}. Ze wordt enkel als hash bewaard; na {{max}} foute pogingen helpt alleen nog online aanmelden.',
    pin: 'Offline-pincode (minstens 6 tekens)',
    pinAgain: 'Dezelfde pincode nogmaals',
    mismatch: 'De twee pincodes verschillen.',
    save: 'Pincode bewaren',
    saved: 'Offline-pincode ingesteld.',
    cancel: 'Annuleren',
    left: '{{hours}} u {{minutes}} min',
    leftMinutes: '{{minutes}} min',
    unlockTitle: 'Het platform is onbereikbaar',
    unlockText:
      '{{name}} kan tot {{until}} offline ontgrendelen met de offline-pincode die bij het aanmelden werd ingesteld, en werken aan de voor hem of haar opgehaalde dossiers.',
    unlock: 'Offline ontgrendelen',
    lockedOut:
      'Offline ontgrendelen is geblokkeerd na te veel foute pincodes: maak verbinding met het platform en meld u aan.',
    ended:
      '{{name}}, de offlineperiode is voorbij. Dossiergegevens blijven vergrendeld tot u zich aanmeldt bij het platform.',
  },
  roles: {
    detective: 'Rechercheur',
    prosecutor: 'Procureur',
    supervisor: 'Toezichthouder',
    commissioner: 'Commissaris',
    admin: 'Beheerder',
  },
  policy: {
    be: 'België (be): één maand, daarna toestemming van de procureur',
    dk: 'Denemarken (dk): hitcategorieën, gerichte operaties van 30 dagen',
  },
  cases: {
    title: 'Mijn dossiers',
    refresh: 'Vernieuwen',
    none: 'U bent aan geen enkel dossier toegewezen.',
    pick: 'Kies links een dossier om de draagwijdte en de bewaarde gegevens te zien.',
    closed: 'Afgesloten',
    localReads: '{{count}} lezingen hier',
    noLocal: 'Geen lokale gegevens',
    noLocalLong:
      'Er zijn nog geen lezingen van dit dossier op dit werkstation. Gebruik “Gegevens toevoegen aan dit dossier”.',
    offence: 'Misdrijf',
    legalBasis: 'Rechtsgrond',
    purpose: 'Doel',
    scope: 'Draagwijdte',
    officers: 'Toegewezen agenten',
    localTitle: 'Gegevens op dit werkstation',
    reads: 'Lezingen',
    plates: 'Nummerplaten',
    span: 'Periode',
    lastPull: 'Laatste ophaling',
  },
  purpose: { judicial: 'Gerechtelijk', administrative: 'Bestuurlijk' },
  pull: {
    add: 'Gegevens toevoegen aan dit dossier',
    title: 'Gegevens toevoegen aan dossier {{number}}',
    intro:
      'Het platform beslist wat u mag ontvangen: lezingen ouder dan één maand vereisen een goedgekeurde aanvraag tot uitgebreide toegang.',
    what: 'Wat ophalen',
    byPlates: 'Nummerplaten',
    byArea: 'Gebied',
    plates: 'Nummerplaten (één per regel; ? = één teken, * = willekeurig)',
    platesHint: 'Exacte platen of jokers zoals 1-AB?-12*',
    lat: 'Breedtegraad',
    lon: 'Lengtegraad',
    radius: 'Straal (m)',
    from: 'Van',
    to: 'Tot',
    reason: 'Reden',
    justification: 'Motivering',
    justificationHint:
      'Leg uit waarom deze gegevens nodig zijn voor het dossier. Toezichthouders lezen dit.',
    start: 'Ophaling starten',
    progress: 'Voortgang van de ophaling',
    rate: '{{rate}} lezingen/s',
    eta: 'nog ongeveer {{eta}}',
    withheld: '{{count}} lezingen tegengehouden door de wettelijke controle.',
    invalid: '{{count}} records waren ongeldig en werden niet bewaard',
    line: 'regel {{line}}',
    cancel: 'Annuleren',
    resume: 'Hervatten',
    state: {
      running: 'Bezig met ophalen…',
      retrying: 'Verbinding verbroken, opnieuw proberen…',
      done: 'Klaar',
      cancelled: 'Geannuleerd',
      failed: 'Mislukt',
    },
  },
  reason: {
    'suspect-vehicle': 'Voertuig van verdachte',
    'witness-vehicle': 'Voertuig van getuige',
    'victim-vehicle': 'Voertuig van slachtoffer',
    'scene-presence': 'Aanwezigheid op een plaats',
    'route-reconstruction': 'Reconstructie van een route',
    association: 'Samen rijden (konvooi)',
    'hotlist-follow-up': 'Opvolging signalering',
    'cloned-plate': 'Gekloonde nummerplaat',
    other: 'Andere (toelichten)',
  },
  errors: {
    loadFailed: 'Het werkstation is niet bereikbaar: {{message}}',
    retry: 'Opnieuw proberen',
  },
  map: mapMessages.nl,
  detective: detectiveMessages.nl,
  why: whyMessages.nl,
  oversight: oversightMessages.nl,
  common: {
    cancel: 'Annuleren',
    loading: 'Laden…',
    dismiss: 'Sluiten',
  },
  settings: {
    open: 'Instellingen',
    openHint: 'Tijdzone, kaartachtergrond, taal en thema',
    title: 'Instellingen',
    timeZone: 'Tijden tonen in',
    timeZoneHint:
      'Lezingen behouden hun exacte tijdstip; dit wijzigt alleen hoe tijden getoond worden. UTC blijft zichtbaar bij aanwijzen.',
    basemap: 'Kaartachtergrond',
    basemapKind: {
      offline: 'Ingebouwde kaart (offline)',
      tiles: 'Tegelserver van de dienst',
      pmtiles: 'Lokaal PMTiles-bestand',
    },
    basemapHint: {
      offline: 'Landsgrenzen, steden en cameracorridors die met de app meekomen; geen netwerk.',
      tiles: 'Rastertegels van uw dienst; de app contacteert dan enkel die server.',
      pmtiles:
        'Een vectorkaartbestand op deze computer of een netwerkschijf (bv. een Protomaps-uittreksel).',
    },
    tileUrl: 'Sjabloon van de tegel-URL',
    tileAttribution: 'Bronvermelding (op de kaart)',
    pmtilesPath: 'Volledig pad van het .pmtiles-bestand',
    reloadNote:
      'Opslaan herlaadt het venster: het beveiligingsbeleid laat dan deze kaartbron toe en geen andere.',
    dataDir: 'Versleutelde gegevensmap',
    save: 'Opslaan',
    loadProblem: 'Uw opgeslagen instellingen konden niet gebruikt worden: {{message}}',
    keys: {
      title: 'Versleutelingssleutels van lokale gegevens',
      text: 'De hier opgehaalde dossiers en de eigen databank van dit werkstation (instellingen, auditlog) zijn elk versleuteld met een sleutel in de sleutelhanger van het systeem. Opnieuw versleutelen geeft elk een nieuwe sleutel, zodat de oude (in een back-up, op een verloren kopie) niets meer openen. Dat gebeurt om de 90 dagen; doe het nu als een sleutel gelekt kan zijn. Elke nieuwe versleuteling wordt gelogd.',
      rotate: 'Lokale gegevens nu opnieuw versleutelen',
      rotating: 'Bezig met versleutelen…',
      done: 'Opnieuw versleuteld om {{time}}: {{what}}.',
      workstation: 'de databank van het werkstation',
      cases_one: 'de opslag van {{count}} dossier',
      cases_other: 'de opslag van {{count}} dossiers',
      failed:
        'Niet opnieuw versleuteld (hun oude sleutel opent ze nog; probeer opnieuw): {{stores}}',
    },
  },
};
