import { ActionIcon, Text } from '@mantine/core';
import { IconFileTypePdf, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import classes from './DraftPhotos.module.css';

/** An object URL for the file while it is shown; let go afterwards, or the page holds every photo's bytes. */
function usePreviewUrl(file: File): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(null);
    };
  }, [file]);
  return url;
}

function DraftPhoto({ file, onRemove }: { file: File; onRemove: () => void }) {
  const url = usePreviewUrl(file);
  return (
    <li className={classes.photo} data-testid="draft-photo">
      {url ? (
        <img src={url} alt={file.name} />
      ) : (
        <div className={classes.file}>
          <IconFileTypePdf size={24} aria-hidden />
          <Text size="xs" lineClamp={2}>
            {file.name}
          </Text>
        </div>
      )}
      <ActionIcon className={classes.remove} variant="default" radius="xl" aria-label={`Remove ${file.name}`} onClick={onRemove}>
        <IconX size={16} aria-hidden />
      </ActionIcon>
    </li>
  );
}

const ids = new WeakMap<File, number>();
let lastId = 0;
/** A key that stays with the photo when one before it is removed, so the others keep their previews. */
function idOf(file: File): number {
  let id = ids.get(file);
  if (id === undefined) {
    id = ++lastId;
    ids.set(file, id);
  }
  return id;
}

/** The photos in a draft at the counter, each one seen and each one removable. */
export function DraftPhotos({ files, onChange }: { files: readonly File[]; onChange: (files: File[]) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className={classes.strip} aria-label="Photos in this draft">
      {files.map((f, i) => (
        <DraftPhoto key={idOf(f)} file={f} onRemove={() => onChange(files.filter((_, j) => j !== i))} />
      ))}
    </ul>
  );
}
