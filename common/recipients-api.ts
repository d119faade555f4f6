import { z } from 'zod';
import { CountryCode, Timestamp } from './read.ts';

/**
 * The recipient register (#14 item 6): the authorities an agency permits to
 * receive disclosures of reads, kept on the platform by its administrators
 * and picked by id on the workstation. Who may receive is decided by the
 * entry's kind, never by the words in its name: an insurer called "Police
 * Assurances" is private, and a US prosecutor's office whose name says
 * "Attorney" is a prosecution authority.
 */

export const RegisterKind = z.enum([
  'police',
  'prosecution',
  'court',
  /** Another public authority acting in criminal matters (customs, an MLA central authority, …). */
  'public-authority',
  /** Companies, insurers, lawyers, press, private persons: registered so that they are refused by name. */
  'private',
]);
export type RegisterKind = z.infer<typeof RegisterKind>;

export const RecipientId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

export const RegisterEntry = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: RegisterKind,
    country: z.string(),
    contact: z.string(),
    legalBasis: z.string(),
    createdAt: Timestamp,
    createdBy: z.string(),
    updatedAt: Timestamp,
    updatedBy: z.string(),
    /** Retired entries stay (disclosures name them) but can no longer be picked. */
    retiredAt: Timestamp.nullable(),
    retiredBy: z.string().nullable(),
    retiredReason: z.string().nullable(),
  })
  .meta({ id: 'RecipientRegisterEntry' });
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const RegisterList = z
  .object({ recipients: z.array(RegisterEntry) })
  .meta({ id: 'RecipientRegister' });
export type RegisterList = z.infer<typeof RegisterList>;

const Reason = z.string().trim().min(10, 'say why (at least 10 characters)').max(1000);
const Fields = {
  name: z.string().trim().min(3).max(160),
  kind: RegisterKind,
  country: CountryCode,
  contact: z.string().trim().min(3).max(300),
  legalBasis: z.string().trim().min(3).max(300),
};

export const NewRegisterEntry = z
  .object({ id: RecipientId.optional(), ...Fields, reason: Reason })
  .strict()
  .meta({ id: 'NewRecipientRegisterEntry' });
export type NewRegisterEntry = z.input<typeof NewRegisterEntry>;

export const EditRegisterEntry = z
  .object({
    name: Fields.name.optional(),
    kind: Fields.kind.optional(),
    country: Fields.country.optional(),
    contact: Fields.contact.optional(),
    legalBasis: Fields.legalBasis.optional(),
    reason: Reason,
  })
  .strict()
  .meta({ id: 'EditRecipientRegisterEntry' });
export type EditRegisterEntry = z.input<typeof EditRegisterEntry>;

export const RetireRegisterEntry = z
  .object({ reason: Reason })
  .strict()
  .meta({ id: 'RetireRecipientRegisterEntry' });

/** A workstation's disclosure, recorded on the platform against the register entry. */
export const DisclosureReport = z
  .object({
    exportId: z.string().min(1).max(64),
    recipientId: RecipientId,
    caseId: z.string().min(1).max(64),
    reads: z.number().int().min(0),
    disclosedAt: Timestamp,
  })
  .strict()
  .meta({ id: 'DisclosureReport' });
export type DisclosureReport = z.input<typeof DisclosureReport>;

export const DisclosureRecord = z
  .object({
    exportId: z.string(),
    recipientId: z.string(),
    recipientName: z.string(),
    recipientKind: RegisterKind,
    caseId: z.string(),
    officerId: z.string(),
    reads: z.number().int(),
    disclosedAt: Timestamp,
    recordedAt: Timestamp,
  })
  .meta({ id: 'DisclosureRecord' });
export type DisclosureRecord = z.infer<typeof DisclosureRecord>;

/**
 * Why an entry may not receive a disclosure, or null when it may: the one
 * rule both sides apply. A private entry is refused whatever its name
 * (unless a pack allows private recipients); a retired one is no longer
 * permitted.
 */
export function recipientRefusal(
  entry: Pick<RegisterEntry, 'kind' | 'name' | 'retiredAt'>,
  privateAllowed: boolean,
): string | null {
  if (entry.kind === 'private' && !privateAllowed)
    return (
      `Export refused: "${entry.name}" is registered as a private party. Reads may not be ` +
      'disclosed to a private party (company, insurer, lawyer, press or private person); only ' +
      'police, prosecutors, courts and other authorities acting in criminal matters may receive them.'
    );
  if (entry.retiredAt !== null)
    return `Export refused: "${entry.name}" was retired from the recipient register on ${entry.retiredAt.slice(0, 10)}.`;
  return null;
}
