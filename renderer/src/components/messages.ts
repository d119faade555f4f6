/**
 * Strings of the shared "why" fields (offence type, justification), merged
 * under the `why` key of the app's i18n resources (en.ts / nl.ts / fr.ts).
 * Problem codes and personal-data kinds come from common/justification.ts.
 */
const en = {
  offence: 'Offence type',
  offenceChoose: 'Choose the offence this query is for…',
  offenceHint: 'From the policy pack, for a case with this purpose: {{basis}}',
  problem: {
    'too-short': 'Too short: at least 20 characters.',
    'too-long': 'Too long: at most 2,000 characters.',
    filler: 'Mostly punctuation or filler.',
    'keyboard-run': 'Keyboard runs, not words.',
    repeated: 'The same word repeated.',
    'too-few-words': 'Says too little: at least 4 different meaningful words.',
  },
  good: 'Name the offence, the fact of the case this query follows up, and why this query is needed.',
  warning: {
    intro:
      'This text seems to contain {{what}}. It is kept for years and read by supervisors: describe the person or vehicle by their role in the case instead.',
    'national-register-number': 'a national register number',
    'cpr-number': 'a CPR number',
    email: 'an e-mail address',
    phone: 'a telephone number',
    iban: 'a bank account number',
    plate: 'a number plate (the query itself records its plates)',
  },
};

const nl: typeof en = {
  offence: 'Soort misdrijf',
  offenceChoose: 'Kies het misdrijf waarvoor deze opvraging dient…',
  offenceHint: 'Uit het beleidspakket, voor een dossier met dit doel: {{basis}}',
  problem: {
    'too-short': 'Te kort: minstens 20 tekens.',
    'too-long': 'Te lang: hoogstens 2.000 tekens.',
    filler: 'Vooral leestekens of opvulling.',
    'keyboard-run': 'Toetsenbordreeksen, geen woorden.',
    repeated: 'Steeds hetzelfde woord.',
    'too-few-words': 'Zegt te weinig: minstens 4 verschillende betekenisvolle woorden.',
  },
  good: 'Noem het misdrijf, het feit uit het dossier dat deze opvraging opvolgt, en waarom deze opvraging nodig is.',
  warning: {
    intro:
      'Deze tekst lijkt {{what}} te bevatten. Hij wordt jaren bewaard en door toezichthouders gelezen: beschrijf de persoon of het voertuig liever met hun rol in het dossier.',
    'national-register-number': 'een rijksregisternummer',
    'cpr-number': 'een CPR-nummer',
    email: 'een e-mailadres',
    phone: 'een telefoonnummer',
    iban: 'een bankrekeningnummer',
    plate: 'een nummerplaat (de opvraging zelf legt haar platen vast)',
  },
};

const fr: typeof en = {
  offence: 'Type d’infraction',
  offenceChoose: 'Choisissez l’infraction visée par cette requête…',
  offenceHint: 'Issu du pack de règles, pour un dossier de cette finalité : {{basis}}',
  problem: {
    'too-short': 'Trop court : au moins 20 caractères.',
    'too-long': 'Trop long : au plus 2 000 caractères.',
    filler: 'Surtout de la ponctuation ou du remplissage.',
    'keyboard-run': 'Des suites de touches, pas des mots.',
    repeated: 'Le même mot répété.',
    'too-few-words': 'Trop peu dit : au moins 4 mots significatifs différents.',
  },
  good: 'Nommez l’infraction, le fait du dossier que cette requête suit, et pourquoi cette requête est nécessaire.',
  warning: {
    intro:
      'Ce texte semble contenir {{what}}. Il est conservé des années et lu par les superviseurs : décrivez plutôt la personne ou le véhicule par son rôle dans le dossier.',
    'national-register-number': 'un numéro de registre national',
    'cpr-number': 'un numéro CPR',
    email: 'une adresse e-mail',
    phone: 'un numéro de téléphone',
    iban: 'un numéro de compte bancaire',
    plate: 'une plaque d’immatriculation (la requête enregistre elle-même ses plaques)',
  },
};

export const whyMessages = { en, nl, fr };
