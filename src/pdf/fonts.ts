import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create, type Font } from 'fontkit';

/**
 * The typefaces printed documents use, in the order they are asked for a character: Noto Sans
 * (Latin, Greek, Cyrillic, Vietnamese...), Noto Sans JP (kana and the CJK ideographs), and Noto
 * Emoji (in outline: a printer has no colour emoji). Each comes from Fontsource as small files per
 * Unicode range, so a document embeds only the few files its text needs, subset to its glyphs.
 * The WOFF (not WOFF2) files: fontkit cannot subset WOFF2's transformed glyph tables.
 */
const families = ['@fontsource/noto-sans', '@fontsource/noto-sans-jp', '@fontsource/noto-emoji'] as const;

export type Weight = 400 | 700;

interface Face {
  file: string;
  ranges: readonly (readonly [number, number])[];
}

const require = createRequire(import.meta.url);

function parseRanges(css: string): [number, number][] {
  return css.split(',').map((part) => {
    const [from = '', to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from, 16);
    return [start, to ? Number.parseInt(to, 16) : start];
  });
}

function facesOf(pkg: string, weight: Weight): Face[] {
  const dir = path.dirname(require.resolve(`${pkg}/unicode.json`));
  const subsets = JSON.parse(readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const stem = path.basename(pkg);
  return Object.entries(subsets).map(([subset, ranges]) => ({
    // "latin" names noto-sans-latin-400-normal.woff; "[12]" names noto-sans-jp-12-400-normal.woff.
    file: path.join(dir, 'files', `${stem}-${subset.replace(/^\[(\d+)\]$/, '$1')}-${weight}-normal.woff`),
    ranges: parseRanges(ranges),
  }));
}

const facesByWeight = new Map<Weight, Face[]>();
const faces = (weight: Weight): Face[] => {
  let list = facesByWeight.get(weight);
  if (!list) {
    list = families.flatMap((pkg) => facesOf(pkg, weight));
    facesByWeight.set(weight, list);
  }
  return list;
};

const opened = new Map<string, { bytes: Buffer; font: Font }>();
/** A face's bytes and its parsed font, read once per process. */
export function openFace(file: string): { bytes: Buffer; font: Font } {
  let face = opened.get(file);
  if (!face) {
    const bytes = readFileSync(file);
    face = { bytes, font: create(bytes) };
    opened.set(file, face);
  }
  return face;
}

/** The file of the first face that draws this character at this weight, if any does. */
export function faceFor(codePoint: number, weight: Weight): string | undefined {
  for (const face of faces(weight)) {
    if (!face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) continue;
    if (openFace(face.file).font.hasGlyphForCodePoint(codePoint)) return face.file;
  }
  return undefined;
}
