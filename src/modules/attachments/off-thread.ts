import { Worker } from 'node:worker_threads';

/** At most this many conversions at once; each takes a core, for seconds for a large HEIC. */
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

export type WorkerAnswer =
  | { ok: true; kind: 'jpeg' | 'png'; bytes: Uint8Array }
  | { ok: true; kind: 'tile' }
  | { ok: false; kind: 'unreadable' | 'failed' | 'timeout'; message?: string };

/** One task in a fresh worker thread (see media-worker.mjs); a worker that runs too long is stopped. */
async function runInWorker(task: 'heic' | 'pdf', bytes: Buffer, px = 0): Promise<WorkerAnswer> {
  const release = await slot();
  try {
    return await new Promise<WorkerAnswer>((resolve) => {
      const worker = new Worker(new URL('./media-worker.mjs', import.meta.url), { workerData: { task, bytes, px } });
      const done = (answer: WorkerAnswer) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(answer);
      };
      const timer = setTimeout(() => done({ ok: false, kind: 'timeout' }), TIMEOUT_MS);
      worker.once('message', done);
      worker.once('error', (err) => done({ ok: false, kind: 'failed', message: err.message }));
      worker.once('exit', (code) => done({ ok: false, kind: 'failed', message: `worker exited with ${code}` }));
    });
  } finally {
    release();
  }
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** HEIC/HEIF (HEVC-coded, as iPhones write them) to JPEG. Rejects when libheif cannot read it. */
export async function heicToJpeg(bytes: Buffer): Promise<Buffer> {
  const answer = await runInWorker('heic', bytes);
  if (answer.ok && answer.kind === 'jpeg') return asBuffer(answer.bytes);
  throw new Error(answer.ok ? 'unexpected answer' : (answer.message ?? answer.kind));
}

/** A PDF's first page as PNG; `tile` when it cannot be drawn (encrypted, exotic, too slow); `unreadable` when it is no PDF at all. */
export async function pdfFirstPage(bytes: Buffer, px: number): Promise<{ png: Buffer } | 'tile' | 'unreadable'> {
  const answer = await runInWorker('pdf', bytes, px);
  if (answer.ok) return answer.kind === 'png' ? { png: asBuffer(answer.bytes) } : 'tile';
  return answer.kind === 'unreadable' ? 'unreadable' : 'tile';
}
