// fontkit ships no types; this declares only what Loupe calls (pdfkit uses it underneath).
declare module 'fontkit' {
  interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
