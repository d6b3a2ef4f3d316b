import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AttachmentContentType } from '../../db/schema/attachments.js';
import { DomainError } from '../../domain/errors.js';
import type { JobContext, MediaQueue } from './media-queue.js';
import { heicToJpeg, pdfFirstPage } from './off-thread.js';

/** Long edge of the two derived sizes, made once at upload. */
export const THUMB_PX = 320;
export const DISPLAY_PX = 1600;

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

/** Where a file's media work is done: the process's fair queue, on the uploading shop's turn. */
export interface MediaWork {
  queue: MediaQueue;
  shopId: string;
}

const megapixels = (n: number) => `${Number((n / 1_000_000).toFixed(1))} megapixels`;

/**
 * Checks the file from its bytes, then makes its previews in the media queue (429 or 503 when the
 * shop's share or the whole queue is full). An image is measured from its header first and refused
 * above the pixel limit before anything is decoded or queued. A preview that runs past its budget
 * becomes a plain tile: the upload is kept, only its picture is generic.
 */
export async function processFile(bytes: Buffer, fileName: string, work: MediaWork): Promise<ProcessedFile> {
  const contentType = await detectType(bytes, fileName);
  const { queue, shopId } = work;
  if (contentType === 'application/pdf') return queue.run(shopId, fileName, async (job) => ({ contentType, ...(await pdfThumb(bytes, fileName, queue, job)) }));
  // The header only: no pixel limit for reading it, so the limit below can name the size.
  const header = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!header?.width || !header.height) throw unreadable(fileName, kindOf(contentType));
  const max = queue.limits.maxPixels;
  if (header.width * header.height > max) {
    throw new DomainError(
      'validation_failed',
      'Image too large',
      `"${fileName}" is ${header.width}×${header.height} pixels (${megapixels(header.width * header.height)}); Loupe takes images up to ${megapixels(max)}.`,
      { errors: [{ path: 'file', message: `${fileName}: more than ${megapixels(max)}` }] },
    );
  }
  const upright = header.autoOrient ?? { width: header.width, height: header.height };
  return queue.run(shopId, fileName, async (job) => {
    const isHeif = contentType === 'image/heic' || contentType === 'image/heif';
    const decodable = isHeif ? await heifToJpeg(bytes, fileName, queue, job) : bytes;
    if (decodable === 'budget') {
      job.outcome('tile:budget');
      return { contentType, width: upright.width, height: upright.height, ...(await imageTile(isHeif ? 'HEIC' : 'PHOTO')) };
    }
    try {
      const made = await derive(decodable, queue);
      job.outcome('derived');
      return { contentType, ...made };
    } catch (err) {
      if (!isTimeout(err)) throw unreadable(fileName, kindOf(contentType));
      job.outcome('tile:budget');
      return { contentType, width: upright.width, height: upright.height, ...(await imageTile(isHeif ? 'HEIC' : 'PHOTO')) };
    }
  });
}

const kindOf = (t: AttachmentContentType) =>
  ({ 'image/jpeg': 'a JPEG', 'image/png': 'a PNG', 'image/webp': 'a WebP', 'image/heic': 'a HEIC/HEIF photo', 'image/heif': 'a HEIC/HEIF photo' })[
    t as string
  ] ?? 'an image';

/** sharp's own stop at its `timeout`: "timeout: 42% complete". */
const isTimeout = (err: unknown) => err instanceof Error && /^timeout/i.test(err.message);

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Decoded once, auto-oriented from EXIF, then two sizes as JPEG on white: the display size from the
 * original, the thumbnail from the display size (one decode of a large image, not two). sharp writes
 * no metadata unless asked, so the derived files carry no EXIF (no GPS position, no camera serial).
 * sharp stops at its timeout (whole seconds) when the budget is spent.
 */
async function derive(input: Buffer, queue: MediaQueue) {
  const { maxPixels, budgetMs } = queue.limits;
  const seconds = secondsOf(budgetMs);
  const meta = await sharp(input, { limitInputPixels: maxPixels }).metadata();
  // failOn 'error': a truncated or damaged image is refused rather than shown half grey.
  const display = await sharp(input, { failOn: 'error', limitInputPixels: maxPixels })
    .rotate()
    .resize({ width: DISPLAY_PX, height: DISPLAY_PX, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 82, mozjpeg: true })
    .timeout({ seconds })
    .toBuffer();
  const thumb = await sharp(display)
    .resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 78, mozjpeg: true })
    .timeout({ seconds })
    .toBuffer();
  return {
    // The upright size: a portrait photo stored sideways with orientation 6 is taller than wide.
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    display,
    thumb,
    thumbContentType: 'image/jpeg' as const,
  };
}

/** iPhone photos: libvips here decodes AVIF-coded HEIF but not HEVC, so HEIC goes through libheif (WASM, in a worker) first. */
async function heifToJpeg(bytes: Buffer, fileName: string, queue: MediaQueue, job: JobContext): Promise<Buffer | 'budget'> {
  try {
    return await heicToJpeg(bytes, { budgetMs: queue.limits.heicBudgetMs, signal: job.signal });
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

/** The first page drawn small (off the main thread), or a plain "PDF" tile when the page cannot be drawn within its budget. */
async function pdfThumb(bytes: Buffer, fileName: string, queue: MediaQueue, job: JobContext) {
  const { budgetMs, maxPdfOperations } = queue.limits;
  const page = await pdfFirstPage(bytes, 2 * THUMB_PX, maxPdfOperations, { budgetMs, signal: job.signal });
  if (page === 'unreadable') throw unreadable(fileName, 'a PDF');
  if ('tile' in page) {
    job.outcome(`tile:${page.tile}`);
    const tile = await tileOf('PDF');
    return { width: null, height: null, display: null, thumb: tile.png, thumbContentType: 'image/png' as const };
  }
  job.outcome('rendered');
  const thumb = await sharp(page.png).resize({ width: THUMB_PX, height: THUMB_PX, fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  return { width: null, height: null, display: null, thumb, thumbContentType: 'image/png' as const };
}

/** A photo whose preview could not be made in time: the tile is its thumbnail and its display size, so the original (with its camera metadata) is never what is shown. */
async function imageTile(label: string) {
  const tile = await tileOf(label);
  return { display: tile.jpeg, thumb: tile.png, thumbContentType: 'image/png' as const };
}

const tiles = new Map<string, Promise<{ png: Buffer; jpeg: Buffer }>>();

/** The generic preview: a grey card with the kind of file written on it, made once per kind. */
export function tileOf(label: string): Promise<{ png: Buffer; jpeg: Buffer }> {
  let tile = tiles.get(label);
  if (!tile) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${THUMB_PX}" height="${THUMB_PX}"><rect width="100%" height="100%" fill="#f1f3f5"/><rect x="96" y="56" width="128" height="168" rx="8" fill="#fff" stroke="#adb5bd" stroke-width="4"/><text x="160" y="270" font-family="sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="#c92a2a">${label}</text></svg>`;
    const base = sharp(Buffer.from(svg));
    tile = Promise.all([base.clone().png().toBuffer(), base.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer()]).then(
      ([png, jpeg]) => ({
        png,
        jpeg,
      }),
    );
    tile.catch(() => tiles.delete(label));
    tiles.set(label, tile);
  }
  return tile;
}
