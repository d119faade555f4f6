/** Detective workspace strings (map, analyses, timeline, export), merged under `detective` in the i18n files. */
const en = {};
export type DetectiveMessages = typeof en;
const nl: DetectiveMessages = {};
const fr: DetectiveMessages = {};
export const detectiveMessages = { en, nl, fr };
