import { createStore, del, delMany, entries, get, set, type UseStore } from 'idb-keyval';

/** A draft's photo as IndexedDB keeps it: the bytes, and what the File carried besides. */
interface KeptPhoto {
  blob: Blob;
  name: string;
  type: string;
  lastModified: number;
}

interface KeptDraft {
  savedAt: number;
  photos: KeptPhoto[];
}

/** Long enough for a draft started on a Friday to be finished after a long weekend; not forever. */
const photoDraftMaxAgeMs = 4 * 24 * 60 * 60 * 1000;

let store: UseStore | null | undefined;

// Opened on first use, not on import: where IndexedDB is missing or refused (some private modes), the
// counter works on without photo drafts.
function photoStore(): UseStore | null {
  if (store === undefined) {
    try {
      store = typeof indexedDB === 'undefined' ? null : createStore('loupe-intake', 'draft-photos');
    } catch {
      store = null;
    }
  }
  return store;
}

const isKeptPhoto = (v: unknown): v is KeptPhoto =>
  typeof v === 'object' &&
  v !== null &&
  'blob' in v &&
  v.blob instanceof Blob &&
  'name' in v &&
  typeof v.name === 'string' &&
  'type' in v &&
  typeof v.type === 'string' &&
  'lastModified' in v &&
  typeof v.lastModified === 'number';

const isKeptDraft = (v: unknown): v is KeptDraft =>
  typeof v === 'object' &&
  v !== null &&
  'savedAt' in v &&
  typeof v.savedAt === 'number' &&
  'photos' in v &&
  Array.isArray(v.photos) &&
  v.photos.every(isKeptPhoto);

/** The photos kept for a draft, as Files again; none when there are none, or IndexedDB cannot be read. */
export async function loadDraftPhotos(key: string): Promise<File[]> {
  const s = photoStore();
  if (!s) return [];
  try {
    const kept = await get<unknown>(key, s);
    if (!isKeptDraft(kept)) return [];
    return kept.photos.map((p) => new File([p.blob], p.name, { type: p.type, lastModified: p.lastModified }));
  } catch {
    return [];
  }
}

/** Keeps the draft's photos as they now are (none: forgets them). A failure (quota, private mode) only means they will not outlive a reload. */
export async function keepDraftPhotos(key: string, files: readonly File[]): Promise<void> {
  if (files.length === 0) return dropDraftPhotos(key);
  const s = photoStore();
  if (!s) return;
  const kept: KeptDraft = {
    savedAt: Date.now(),
    photos: files.map((f) => ({ blob: f, name: f.name, type: f.type, lastModified: f.lastModified })),
  };
  try {
    await set(key, kept, s);
  } catch {}
}

export async function dropDraftPhotos(key: string): Promise<void> {
  const s = photoStore();
  if (!s) return;
  try {
    await del(key, s);
  } catch {}
}

/** Forgets every draft's photos last kept longer ago than the limit, and anything in the store this code did not write. */
export async function dropStaleDraftPhotos(now: number = Date.now()): Promise<void> {
  const s = photoStore();
  if (!s) return;
  try {
    const all = await entries<IDBValidKey, unknown>(s);
    const stale = all.filter(([, v]) => !isKeptDraft(v) || now - v.savedAt > photoDraftMaxAgeMs).map(([k]) => k);
    if (stale.length > 0) await delMany(stale, s);
  } catch {}
}
