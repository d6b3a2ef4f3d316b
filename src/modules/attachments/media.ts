import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AttachmentContentType } from '../../db/schema/attachments.js';
import { DomainError } from '../../domain/errors.js';
import { heicToJpeg, pdfFirstPage } from './off-thread.js';

/** Long edge of the two derived sizes, made once at upload. */
export const THUMB_PX = 320;
export const DISPLAY_PX = 1600;
/** Refused above this, before decoding: a small file can claim an enormous canvas. */
const MAX_PIXELS = 100_000_000;

/** What one uploaded file becomes: the original kept as sent, and the versions browsers are shown. */
export interface ProcessedFile {
  contentType: AttachmentContentType;
  width: number | null;
  height: number | null;
  /** Null for a PDF: a browser shows the original. */
  display: Buffer | null;
  thumb: Buffer;
  thumbContentType: 'image/jpeg' | 'image/png';
}

const accepted: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf']);

export const unsupportedType = (fileName: string, found: string | undefined) =>
  new DomainError(
    'unsupported_media_type',
    'Unsupported file type',
    `"${fileName}" ${found ? `contains ${found} data` : 'is not a type of file Loupe recognises'}; attach JPEG, PNG, WebP or HEIC/HEIF photos, or PDF files.`,
  );

const unreadable = (fileName: string, what: string) =>
  new DomainError('validation_failed', 'Unreadable file', `"${fileName}" looks like ${what} but cannot be read: it may be truncated or damaged.`, {
    errors: [{ path: 'file', message: `${fileName}: damaged or incomplete ${what}` }],
  });

/** The type from the bytes themselves: the file's name and the browser's header are not trusted. */
export async function detectType(bytes: Buffer, fileName: string): Promise<AttachmentContentType> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !accepted.has(found.mime)) throw unsupportedType(fileName, found?.mime);
  return found.mime as AttachmentContentType;
}

export async function processFile(bytes: Buffer, fileName: string): Promise<ProcessedFile> {
  const contentType = await detectType(bytes, fileName);
  if (contentType === 'application/pdf') return { contentType, ...(await pdfThumb(bytes, fileName)) };
  const decodable = contentType === 'image/heic' || contentType === 'image/heif' ? await heifToJpeg(bytes, fileName) : bytes;
  // The header only: no pixel limit for reading it, so the limit below can name the size.
  const header = await sharp(decodable, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (header?.width && header.height && header.width * header.height > MAX_PIXELS) {
    throw new DomainError(
      'validation_failed',
      'Image too large',
      `"${fileName}" is ${header.width}×${header.height} pixels; Loupe takes images up to 100 megapixels.`,
      {
        errors: [{ path: 'file', message: `${fileName}: more than 100 megapixels` }],
      },
    );
  }
  try {
    return { contentType, ...(await derive(decodable)) };
  } catch {
    throw unreadable(fileName, kindOf(contentType));
  }
}

const kindOf = (t: AttachmentContentType) => ({ 'image/jpeg': 'a JPEG', 'image/png': 'a PNG', 'image/webp': 'a WebP' })[t as string] ?? 'an image';

/**
 * Decoded once, auto-oriented from EXIF, then two sizes as JPEG on white. sharp writes no metadata
 * unless asked, so the derived files carry no EXIF (no GPS position, no camera serial).
 */
async function derive(input: Buffer) {
  // failOn 'error': a truncated or damaged image is refused rather than shown half grey.
  const base = sharp(input, { failOn: 'error', limitInputPixels: MAX_PIXELS }).rotate();
  const size = (px: number, quality: number) =>
    base
      .clone()
      .resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
  const [meta, display, thumb] = await Promise.all([base.metadata(), size(DISPLAY_PX, 82), size(THUMB_PX, 78)]);
  return {
    // The upright size: a portrait photo stored sideways with orientation 6 is taller than wide.
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    display: display.data,
    thumb: thumb.data,
    thumbContentType: 'image/jpeg' as const,
  };
}

/** iPhone photos: libvips here decodes AVIF-coded HEIF but not HEVC, so HEIC goes through libheif (WASM, in a worker) first. */
async function heifToJpeg(bytes: Buffer, fileName: string): Promise<Buffer> {
  try {
    return await heicToJpeg(bytes);
  } catch {
    // Not HEVC-coded: sharp may read it itself.
    const ok = await sharp(bytes, { failOn: 'error' })
      .metadata()
      .then(() => true)
      .catch(() => false);
    if (!ok) throw unreadable(fileName, 'a HEIC/HEIF photo');
    return bytes;
  }
}

/** The first page drawn small (off the main thread), or a plain "PDF" tile when the page cannot be drawn. */
async function pdfThumb(bytes: Buffer, fileName: string) {
  const page = await pdfFirstPage(bytes, 2 * THUMB_PX);
  if (page === 'unreadable') throw unreadable(fileName, 'a PDF');
  if (page === 'tile') return { width: null, height: null, display: null, ...(await pdfTile()) };
  const thumb = await sharp(page.png).resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  return { width: null, height: null, display: null, thumb, thumbContentType: 'image/png' as const };
}

async function pdfTile() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${THUMB_PX}" height="${THUMB_PX}"><rect width="100%" height="100%" fill="#f1f3f5"/><rect x="96" y="56" width="128" height="168" rx="8" fill="#fff" stroke="#adb5bd" stroke-width="4"/><text x="160" y="270" font-family="sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="#c92a2a">PDF</text></svg>`;
  return { thumb: await sharp(Buffer.from(svg)).png().toBuffer(), thumbContentType: 'image/png' as const };
}
