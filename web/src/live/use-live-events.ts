import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from '../api/queries';

interface JobChanged {
  kind: string;
  id: string;
}

const parse = (data: string): JobChanged | null => {
  try {
    const v: unknown = JSON.parse(data);
    if (typeof v === 'object' && v !== null && 'id' in v && 'kind' in v && typeof v.id === 'string' && typeof v.kind === 'string') {
      return { id: v.id, kind: v.kind };
    }
  } catch {}
  return null;
};

/**
 * Keeps every open screen of the shop current: the server streams one event per job change, and the
 * affected queries refetch. Bursts (a drag lands, its payment and comment follow) coalesce into one
 * list refetch.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;
    const refreshLists = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: keys.jobs }), 150);
    };
    const onJob = (e: MessageEvent<string>) => {
      const event = parse(e.data);
      if (!event) return;
      if (event.kind !== 'bespoke') {
        // Repairs (and whatever pipeline comes next) keep their queries under their own kind.
        void queryClient.invalidateQueries({ queryKey: [event.kind, 'detail', event.id] });
        void queryClient.invalidateQueries({ queryKey: [event.kind, 'list'] });
        void queryClient.invalidateQueries({ queryKey: ['jobs'] });
        return;
      }
      void queryClient.invalidateQueries({ queryKey: keys.job(event.id) });
      refreshLists();
    };
    source.addEventListener('job', onJob);
    source.onerror = () => {
      dropped = true;
    };
    source.onopen = () => {
      // Events sent while the stream was down are gone: catch up once it is back.
      if (dropped) {
        void queryClient.invalidateQueries({ queryKey: ['bespoke'] });
        void queryClient.invalidateQueries({ queryKey: ['repair'] });
        void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      }
      dropped = false;
    };
    return () => {
      clearTimeout(timer);
      source.removeEventListener('job', onJob);
      source.close();
    };
  }, [queryClient]);
}
