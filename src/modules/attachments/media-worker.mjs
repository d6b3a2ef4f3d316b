// Decodes one HEIC/HEIF photo to JPEG off the main thread: libheif (WASM) is synchronous and takes
// seconds for a 12-megapixel iPhone photo, which would otherwise stall every other request.
import { parentPort, workerData } from 'node:worker_threads';
import convert from 'heic-convert';

try {
  const jpeg = Buffer.from(await convert({ buffer: workerData, format: 'JPEG', quality: 0.92 }));
  parentPort?.postMessage({ ok: true, jpeg }, [jpeg.buffer]);
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
