import { createRequire } from 'node:module';

/**
 * Fonts of every PDF we write (evidence reports, approval decisions).
 *
 * PDF's built-in Helvetica only knows Western European letters (WinAnsi):
 * a plate read abroad as "ЕВ1234АК", a camera in Łódź or a Greek plate
 * would print as "?" in an evidence document, which then no longer says
 * what the data says. DejaVu Sans (condensed: Helvetica's widths, so
 * the layouts stay) covers Latin, Greek and Cyrillic; pdfkit
 * embeds only the glyphs used, so a report grows by tens of kilobytes.
 */
const resolve = createRequire(import.meta.url).resolve;

export const PDF_FONT = { regular: 'Sans', bold: 'Sans-Bold', mono: 'Mono' } as const;

const FILES: Record<(typeof PDF_FONT)[keyof typeof PDF_FONT], string> = {
  Sans: resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  'Sans-Bold': resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
  Mono: resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

/** Registers the fonts on a new document and selects the regular one. */
export function usePdfFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(FILES)) doc.registerFont(name, file);
  doc.font(PDF_FONT.regular);
}
