import sharp from 'sharp';
import { DomainError } from '../../domain/errors.js';
import { detectType, type MediaWork } from './media.js';

/** The largest a shop's logo is kept: enough for a slip's header and a retina tracking page. */
export const LOGO_MAX_WIDTH = 600;
export const LOGO_MAX_HEIGHT = 240;

const logoTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A shop's logo from an upload: typed by its bytes (a JPEG, PNG or WebP, whatever its name says),
 * turned upright, fitted inside 600×240 and written as a PNG, keeping transparency. sharp writes no
 * metadata unless asked, so no EXIF (position, camera) survives. Done in the media queue, on the
 * shop's turn, within the pixel limit.
 */
export async function processLogo(bytes: Buffer, fileName: string, work: MediaWork): Promise<Buffer> {
  const type = await detectType(bytes, fileName);
  if (!logoTypes.has(type)) {
    throw new DomainError('unsupported_media_type', 'Unsupported file type', `"${fileName}" contains ${type} data; a logo is a JPEG, PNG or WebP image.`);
  }
  const { maxPixels, budgetMs } = work.queue.limits;
  return work.queue.run(work.shopId, fileName, async (job) => {
    try {
      const png = await sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels })
        .rotate()
        .resize({ width: LOGO_MAX_WIDTH, height: LOGO_MAX_HEIGHT, fit: 'inside', withoutEnlargement: true })
        .png()
        .timeout({ seconds: Math.max(1, Math.ceil(budgetMs / 1000)) })
        .toBuffer();
      job.outcome('derived');
      return png;
    } catch {
      throw new DomainError('validation_failed', 'Unreadable file', `"${fileName}" cannot be read as an image: it may be damaged or too large.`, {
        errors: [{ path: 'file', message: `${fileName}: not a readable image` }],
      });
    }
  });
}
