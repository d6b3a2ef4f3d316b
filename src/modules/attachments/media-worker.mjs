// The slow, synchronous decoders (WASM) run here, one job per worker, so a 12-megapixel HEIC (seconds
// of libheif) or a hostile PDF cannot stall the requests the main thread is serving.
import { parentPort, workerData } from 'node:worker_threads';

/** HEIC/HEIF (HEVC) to JPEG with libheif. */
async function heic(bytes) {
  const { default: convert } = await import('heic-convert');
  const jpeg = Buffer.from(await convert({ buffer: bytes, format: 'JPEG', quality: 0.92 }));
  return { ok: true, kind: 'jpeg', bytes: jpeg };
}

/** A PDF's first page as PNG, at most `px` on its long side; a tile for an encrypted one. */
async function pdf(bytes, px) {
  const mupdf = await import('mupdf');
  let doc;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch {
    return { ok: false, kind: 'unreadable' };
  }
  try {
    if (doc.needsPassword()) return { ok: true, kind: 'tile' };
    if (doc.countPages() < 1) return { ok: false, kind: 'unreadable' };
    const page = doc.loadPage(0);
    const [x0, y0, x1, y1] = page.getBounds();
    const scale = Math.min(2, px / Math.max(1, x1 - x0, y1 - y0));
    const png = Buffer.from(page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true).asPNG());
    return { ok: true, kind: 'png', bytes: png };
  } catch {
    return { ok: true, kind: 'tile' };
  } finally {
    doc.destroy();
  }
}

try {
  const { task, bytes, px } = workerData;
  const answer = task === 'heic' ? await heic(bytes) : await pdf(bytes, px);
  parentPort?.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
} catch (err) {
  parentPort?.postMessage({ ok: false, kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
