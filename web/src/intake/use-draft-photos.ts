import { useEffect, useRef, useState } from 'react';
import { dropDraftPhotos, dropStaleDraftPhotos, keepDraftPhotos, loadDraftPhotos } from './photo-store';

let swept: Promise<void> | null = null;

/** Once a page load: photos of drafts nobody came back to do not stay on the counter's tablet for good. */
const sweepOnce = (): Promise<void> => {
  swept ??= dropStaleDraftPhotos();
  return swept;
};

/**
 * A draft's photos, kept in IndexedDB under the draft's own key (Files do not fit in localStorage), so a reload
 * brings them back with the fields. Where IndexedDB fails they simply live as long as the page.
 */
export function useDraftPhotos(key: string): [File[], (files: File[]) => void, () => void] {
  const [photos, setPhotos] = useState<File[]>([]);
  // Photos chosen or cleared while the kept ones were still being read win over what was kept.
  const changed = useRef(false);
  useEffect(() => {
    changed.current = false;
    setPhotos([]);
    let live = true;
    void sweepOnce()
      .then(() => loadDraftPhotos(key))
      .then((kept) => {
        if (live && !changed.current && kept.length > 0) setPhotos(kept);
      });
    return () => {
      live = false;
    };
  }, [key]);
  const change = (files: File[]) => {
    changed.current = true;
    setPhotos(files);
    void keepDraftPhotos(key, files);
  };
  const clear = () => {
    changed.current = true;
    setPhotos([]);
    void dropDraftPhotos(key);
  };
  return [photos, change, clear];
}
