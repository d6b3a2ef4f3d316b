import { useEffect } from 'react';

/** The browser tab (and a screen reader's page announcement) names the page: "Repairs · Loupe". Null while it is not known yet. */
export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Loupe` : 'Loupe';
  }, [title]);
}
