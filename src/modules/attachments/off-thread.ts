import { Worker } from 'node:worker_threads';

/** A worker that has not loaded its decoder by then is stuck (the machine is overloaded): its task is given up. */
const STARTUP_MS = 20_000;

export type WorkerAnswer =
  | { ok: true; kind: 'jpeg' | 'png'; bytes: Uint8Array }
  | { ok: true; kind: 'tile'; reason: 'encrypted' | 'complex' | 'failed' }
  | { ok: false; kind: 'unreadable' | 'failed' | 'budget' | 'cancelled'; message?: string };

export interface WorkerBudget {
  /** Wall time from the moment the worker has loaded its decoder; then it is terminated. */
  budgetMs: number;
  /** Aborted: the worker is terminated at once. */
  signal?: AbortSignal;
}

type WorkerTask = { task: 'heic'; bytes: Buffer } | { task: 'pdf'; bytes: Buffer; px: number; maxOperations: number };

/**
 * One task in a fresh worker thread (see media-worker.mjs). The budget starts when the worker says it
 * is ready, so a slow start on a busy machine does not eat into it; past it, `worker.terminate()`
 * stops the WASM decoder wherever it is (a PDF page with 50,000 dashed strokes is stopped mid-draw).
 */
function runInWorker(data: WorkerTask, budget: WorkerBudget): Promise<WorkerAnswer> {
  return new Promise<WorkerAnswer>((resolve) => {
    if (budget.signal?.aborted) {
      resolve({ ok: false, kind: 'cancelled' });
      return;
    }
    const worker = new Worker(new URL('./media-worker.mjs', import.meta.url), {
      workerData: data,
      // A bound on the JavaScript heap; the decoders' WASM memory is bounded by the pixel limit and the page size.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    const done = (answer: WorkerAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', cancel);
      void worker.terminate();
      resolve(answer);
    };
    const cancel = () => done({ ok: false, kind: 'cancelled' });
    let timer = setTimeout(() => done({ ok: false, kind: 'budget', message: 'the worker did not start in time' }), STARTUP_MS);
    budget.signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: WorkerAnswer | { ready: true }) => {
      if ('ready' in message) {
        clearTimeout(timer);
        timer = setTimeout(() => done({ ok: false, kind: 'budget' }), budget.budgetMs);
        return;
      }
      done(message);
    });
    worker.once('error', (err) => done({ ok: false, kind: 'failed', message: err.message }));
    worker.once('exit', (code) => done({ ok: false, kind: 'failed', message: `worker exited with ${code}` }));
  });
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** HEIC/HEIF (HEVC-coded, as iPhones write them) to JPEG; `budget` when it took too long; rejects when libheif cannot read it. */
export async function heicToJpeg(bytes: Buffer, budget: WorkerBudget): Promise<Buffer | 'budget'> {
  const answer = await runInWorker({ task: 'heic', bytes }, budget);
  if (answer.ok && answer.kind === 'jpeg') return asBuffer(answer.bytes);
  if (!answer.ok && (answer.kind === 'budget' || answer.kind === 'cancelled')) return 'budget';
  throw new Error(answer.ok ? 'unexpected answer' : (answer.message ?? answer.kind));
}

export type PdfPage = { png: Buffer } | { tile: 'encrypted' | 'complex' | 'failed' | 'budget' } | 'unreadable';

/**
 * A PDF's first page as PNG; a tile when it cannot be drawn (encrypted, too many operations, too
 * slow, exotic); `unreadable` when it is no PDF at all.
 */
export async function pdfFirstPage(bytes: Buffer, px: number, maxOperations: number, budget: WorkerBudget): Promise<PdfPage> {
  const answer = await runInWorker({ task: 'pdf', bytes, px, maxOperations }, budget);
  if (answer.ok) return answer.kind === 'png' ? { png: asBuffer(answer.bytes) } : { tile: answer.kind === 'tile' ? answer.reason : 'failed' };
  if (answer.kind === 'unreadable') return 'unreadable';
  return { tile: answer.kind === 'budget' || answer.kind === 'cancelled' ? 'budget' : 'failed' };
}
