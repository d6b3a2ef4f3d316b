import { useEffect, useState } from 'react';

/** State that is also kept in localStorage, so a reload (or a closed tab) at the counter loses nothing. */
export function useDraft<T extends object>(key: string, initial: T): [T, (v: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      if (raw) return { ...initial, ...(JSON.parse(raw) as Partial<T>) };
    } catch {}
    return initial;
  });
  useEffect(() => {
    const t = setTimeout(() => {
      try {
        // The blank form is no draft: kept, it would come back after a reload with new line keys and read as one.
        if (value === initial) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(value));
      } catch {}
    }, 150);
    return () => clearTimeout(t);
  }, [key, value, initial]);
  const clear = () => {
    try {
      localStorage.removeItem(key);
    } catch {}
    setValue(initial);
  };
  return [value, setValue, clear];
}
