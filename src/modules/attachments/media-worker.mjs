// The slow, synchronous decoders (WASM) run here, one job per worker, so a 12-megapixel HEIC (seconds
// of libheif) or a hostile PDF cannot stall the requests the main thread is serving. The parent
// terminates this thread when its budget is spent (off-thread.ts).
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

// Below the threads serving requests: on Linux a thread has its own nice value, and setpriority with
// pid 0 sets this thread's alone, so a shop's page being drawn yields the core to other shops' requests.
// (Elsewhere the same call would lower the whole process: not done there.)
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    // Not allowed here: the work runs at the normal priority.
  }
}

/** HEIC/HEIF (HEVC) to JPEG with libheif. */
async function heic(bytes) {
  const { default: convert } = await import('heic-convert');
  parentPort?.postMessage({ ready: true });
  const jpeg = Buffer.from(await convert({ buffer: bytes, format: 'JPEG', quality: 0.92 }));
  return { ok: true, kind: 'jpeg', bytes: jpeg };
}

class TooComplex extends Error {}

/**
 * Whether the page holds more than `max` drawing operations, found by interpreting it into a device
 * that only counts (no pixels are drawn) and stops at the first one over: a page of 50,000 strokes
 * is known for one after `max` callbacks, long before drawing it would have finished.
 */
function tooComplex(mupdf, page, max) {
  let operations = 0;
  const count = () => {
    operations++;
    if (operations > max) throw new TooComplex();
  };
  const device = new mupdf.Device({
    fillPath: count,
    strokePath: count,
    clipPath: count,
    clipStrokePath: count,
    fillText: count,
    strokeText: count,
    clipText: count,
    clipStrokeText: count,
    fillShade: count,
    fillImage: count,
    fillImageMask: count,
    clipImageMask: count,
    beginGroup: count,
    beginTile: () => {
      count();
      return 0;
    },
  });
  try {
    page.run(device, mupdf.Matrix.identity);
    return false;
  } catch (err) {
    if (err instanceof TooComplex) return true;
    throw err;
  } finally {
    try {
      device.close();
    } catch {
      // Closing a device stopped mid-page can fail; it is dropped all the same.
    }
    device.destroy();
  }
}

/** A PDF's first page as PNG, at most `px` on its long side; a tile for an encrypted or too complex one. */
async function pdf(bytes, px, maxOperations) {
  const mupdf = await import('mupdf');
  parentPort?.postMessage({ ready: true });
  let doc;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch {
    return { ok: false, kind: 'unreadable' };
  }
  try {
    if (doc.needsPassword()) return { ok: true, kind: 'tile', reason: 'encrypted' };
    if (doc.countPages() < 1) return { ok: false, kind: 'unreadable' };
    const page = doc.loadPage(0);
    if (tooComplex(mupdf, page, maxOperations)) return { ok: true, kind: 'tile', reason: 'complex' };
    const [x0, y0, x1, y1] = page.getBounds();
    const scale = Math.min(2, px / Math.max(1, x1 - x0, y1 - y0));
    const png = Buffer.from(page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true).asPNG());
    return { ok: true, kind: 'png', bytes: png };
  } catch {
    return { ok: true, kind: 'tile', reason: 'failed' };
  } finally {
    doc.destroy();
  }
}

try {
  const { task, bytes, px, maxOperations } = workerData;
  const answer = task === 'heic' ? await heic(bytes) : await pdf(bytes, px, maxOperations);
  parentPort?.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
} catch (err) {
  parentPort?.postMessage({ ok: false, kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
