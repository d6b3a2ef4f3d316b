import { faceFor, openFace, type Weight } from './fonts.js';

export interface Run {
  /** The face file that draws it. */
  face: string;
  text: string;
}

/**
 * Characters that belong to the one before them, whatever font that took: line breaks and tabs (which
 * pdfkit lays out itself), joiners, variation selectors, skin tones, combining marks.
 */
const attaches = (cp: number) =>
  cp < 0x20 ||
  cp === 0x200d ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
  (cp >= 0x0300 && cp <= 0x036f) ||
  (cp >= 0xe0020 && cp <= 0xe007f);

/** Printed in place of a character no face draws: a visible gap beats a wrong glyph or a crash. */
export const MISSING = '?';
const MISSING_CODE_POINT = 0x3f;
const SPACE = 0x20;

/**
 * Splits text into runs that one face each can draw, keeping a run's face while it can draw the next
 * character too (so spaces and punctuation stay with the words around them).
 */
export function runsOf(text: string, weight: Weight): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const last = runs.at(-1);
    // Spaces go back to the text face's judgement: an emoji face's space is as wide as an emoji.
    const keeps = last && (attaches(cp) || (cp !== SPACE && openFace(last.face).font.hasGlyphForCodePoint(cp)));
    if (last && keeps) {
      last.text += ch;
      continue;
    }
    // A line break or joiner with nothing before it rides on a space's face.
    const face = faceFor(attaches(cp) ? SPACE : cp, weight);
    const drawn = face ?? faceFor(MISSING_CODE_POINT, weight);
    if (!drawn) throw new Error('no face draws the missing-character mark');
    const piece = face ? ch : MISSING;
    if (last && last.face === drawn) last.text += piece;
    else runs.push({ face: drawn, text: piece });
  }
  return runs;
}

export interface TextStyle {
  weight?: Weight;
  size: number;
  color: string;
  width?: number;
  align?: 'left' | 'center' | 'right';
  characterSpacing?: number;
  lineGap?: number;
  /** The next writeText carries on from where this one ends, on the same line. */
  continued?: boolean;
}

/**
 * Writes any text a customer or staff member typed (accents, CJK, emoji) at (x, y), or after the
 * text before it when x is undefined, wrapping within `width`: one pdfkit text call per run, chained.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string, style: TextStyle, x?: number, y?: number): PDFKit.PDFDocument {
  const { weight = 400, size, color, continued = false, ...options } = style;
  const runs = runsOf(text || ' ', weight);
  doc.fontSize(size).fillColor(color);
  runs.forEach((run, i) => {
    // Registered by name: pdfkit then parses each face once per document (font(buffer, name) would read the name as a face inside a collection).
    doc.registerFont(run.face, openFace(run.face).bytes);
    doc.font(run.face);
    const opts = { ...options, continued: continued || i < runs.length - 1 };
    if (i === 0 && x !== undefined) doc.text(run.text, x, y, opts);
    else doc.text(run.text, opts);
  });
  return doc;
}
