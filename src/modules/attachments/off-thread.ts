import { Worker } from 'node:worker_threads';

/** At most this many HEIC conversions at once; each takes a core for a few seconds. */
const MAX_PARALLEL = 2;
const TIMEOUT_MS = 60_000;

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

type Answer = { ok: true; jpeg: Uint8Array } | { ok: false; message: string };

/** HEIC/HEIF (HEVC-coded, as iPhones write them) to JPEG, in a worker thread. Rejects when libheif cannot read it. */
export async function heicToJpeg(bytes: Buffer): Promise<Buffer> {
  const release = await slot();
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const worker = new Worker(new URL('./heic-worker.mjs', import.meta.url), { workerData: bytes });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error('HEIC conversion timed out'));
      }, TIMEOUT_MS);
      worker.once('message', (answer: Answer) => {
        clearTimeout(timer);
        void worker.terminate();
        if (answer.ok) resolve(Buffer.from(answer.jpeg.buffer, answer.jpeg.byteOffset, answer.jpeg.byteLength));
        else reject(new Error(answer.message));
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`HEIC worker exited with ${code}`));
      });
    });
  } finally {
    release();
  }
}
