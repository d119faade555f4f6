/** Oversight strings (requests, prosecutor, supervisor), merged under `oversight` in the i18n files. */
const en = {};
export type OversightMessages = typeof en;
const nl: OversightMessages = {};
const fr: OversightMessages = {};
export const oversightMessages = { en, nl, fr };
