import type { NewRegisterEntry } from '../../common/recipients-api.ts';

/**
 * The demo's recipient register (#14 item 6): Belgian authorities, a Dutch
 * police unit, the Danish national police and a US prosecutor (mutual legal assistance), and one private
 * insurer, registered as kind private so the demo shows it refused. Loaded
 * through the register's own domain function (platform/recipients/register.ts).
 */
export const SEED_RECIPIENTS: ReadonlyArray<NewRegisterEntry> = [
  {
    id: 'be-fedpol-dir-antwerpen',
    name: 'Federale Gerechtelijke Politie Antwerpen',
    kind: 'police',
    country: 'BE',
    contact: 'fgp.antwerpen@police.belgium.eu',
    legalBasis: 'WPA art. 44/11/3decies (ANPR data to police services)',
    reason: 'Demo register: Belgian federal judicial police.',
  },
  {
    id: 'be-parquet-anvers',
    name: 'Parquet d’Anvers / Parket Antwerpen',
    kind: 'prosecution',
    country: 'BE',
    contact: 'parket.antwerpen@just.fgov.be',
    legalBasis: 'Sv./CIC art. 28bis (information by the public prosecutor)',
    reason: 'Demo register: Belgian public prosecutor.',
  },
  {
    id: 'be-juge-instruction-bruxelles',
    name: 'Juge d’instruction, Tribunal de première instance francophone de Bruxelles',
    kind: 'court',
    country: 'BE',
    contact: 'instruction.bruxelles@just.fgov.be',
    legalBasis: 'CIC art. 55-56 (investigating judge)',
    reason: 'Demo register: Belgian investigating judge.',
  },
  {
    id: 'nl-politie-zeeland-west-brabant',
    name: 'Politie Eenheid Zeeland-West-Brabant',
    kind: 'police',
    country: 'NL',
    contact: 'ipc.zwb@politie.nl',
    legalBasis: 'Benelux Police Treaty 2018, art. 8 (information on request)',
    reason: 'Demo register: Dutch police unit across the border.',
  },
  {
    id: 'dk-rigspolitiet-nec',
    name: 'Rigspolitiet, NEC København',
    kind: 'police',
    country: 'DK',
    contact: 'nec@politi.dk',
    legalBasis:
      'Prüm Decision 2008/615/JHA and Framework Decision 2006/960/JHA (Swedish initiative)',
    reason: 'Demo register: Danish national police, for the Danish pack and exchanges.',
  },
  {
    id: 'us-king-county-pao',
    name: "King County Prosecuting Attorney's Office",
    kind: 'prosecution',
    country: 'US',
    contact: 'mla@kingcounty.gov (via the Central Authority, FPS Justice)',
    legalBasis: 'EU-US MLA Agreement 2003 and the BE-US MLAT (request MLA-2026-0417)',
    reason: 'Demo register: foreign prosecutor under mutual legal assistance.',
  },
  {
    id: 'be-private-allianz',
    name: 'Allianz Benelux',
    kind: 'private',
    country: 'BE',
    contact: 'claims@allianz.be',
    legalBasis: 'None: an insurer has no right to ANPR reads.',
    reason: 'Demo register: insurer, registered so requests from it are refused.',
  },
];
