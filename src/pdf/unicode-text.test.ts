import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFace } from './fonts.js';
import { MISSING, runsOf } from './unicode-text.js';

const faceName = (file: string) => path.basename(file).replace(/-\d00-normal\.woff$/, '');

describe('runs of text, each in a face that draws it', () => {
  it('covers every character of a French, emoji and Japanese title with a face that has its glyph', () => {
    const title = 'Bague 💎 pour Zoë — 婚約指輪';
    for (const weight of [400, 700] as const) {
      const runs = runsOf(title, weight);
      expect(runs.map((r) => r.text).join('')).toBe(title);
      for (const run of runs) {
        for (const ch of run.text) expect(openFace(run.face).font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0), `${ch} in ${faceName(run.face)}`).toBe(true);
      }
      expect(runs.map((r) => faceName(r.face))).toEqual([
        'noto-sans-latin',
        expect.stringMatching(/^noto-emoji-\d+$/),
        'noto-sans-latin',
        ...runs.slice(3).map(() => expect.stringMatching(/^noto-sans-jp-\d+$/)),
      ]);
    }
  });

  it('keeps the spaces and punctuation with the words around them, and Greek, Cyrillic and Vietnamese in Noto Sans', () => {
    expect(runsOf('Émeraude, 18ct — £4,200.00', 400)).toHaveLength(1);
    for (const text of ['Δαχτυλίδι', 'Кольцо', 'Nhẫn cưới']) expect(runsOf(text, 400).map((r) => faceName(r.face))[0]).toMatch(/^noto-sans-/);
  });

  it('keeps a joined emoji, its skin tone and its variation selector in one run', () => {
    const runs = runsOf('Fixed by 👩🏽‍🔧 ❤️', 400);
    expect(runs.map((r) => r.text)).toEqual(['Fixed by ', '👩🏽‍🔧', ' ', '❤️']);
  });

  it('passes line breaks through, and prints a mark for a character no face draws', () => {
    expect(runsOf('12 High Street\nFremantle', 400).map((r) => r.text)).toEqual(['12 High Street\nFremantle']);
    expect(
      runsOf('\nAfter', 400)
        .map((r) => r.text)
        .join(''),
    ).toBe('\nAfter');
    expect(
      runsOf('Mark \u{F8FF} here', 400)
        .map((r) => r.text)
        .join(''),
    ).toBe(`Mark ${MISSING} here`);
  });
});
