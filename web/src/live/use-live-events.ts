import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { pipelineKeys } from '../pipeline/queries';
import { pipelines } from '../pipelines';

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
    let source: EventSource;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let reopenMs = 5_000;
    let dropped = false;
    const stale = new Set<string>();
    const refreshLists = (kind: string) => {
      stale.add(kind);
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const k of stale) void queryClient.invalidateQueries({ queryKey: pipelineKeys(k).lists });
        stale.clear();
        void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      }, 150);
    };
    const onJob = (e: MessageEvent<string>) => {
      const event = parse(e.data);
      if (!event) return;
      // Every pipeline keeps its queries under the kind its events carry.
      void queryClient.invalidateQueries({ queryKey: pipelineKeys(event.kind).one(event.id) });
      refreshLists(event.kind);
    };
    const open = () => {
      source = new EventSource('/api/v1/events');
      source.addEventListener('job', onJob);
      source.onerror = () => {
        dropped = true;
        delete document.documentElement.dataset.live;
        // A stream the server ends is retried by the browser itself; an answer that is not a stream
        // (429: this session has its fill of streams; a restart's 502/503) closes it for good, so open
        // a new one after a while, waiting longer each time.
        if (source.readyState === EventSource.CLOSED) {
          source.removeEventListener('job', onJob);
          reopen = setTimeout(open, reopenMs);
          reopenMs = Math.min(reopenMs * 2, 60_000);
        }
      };
      source.onopen = () => {
        reopenMs = 5_000;
        // Says on the page that this screen is hearing changes (what a test, or a support person, waits for).
        document.documentElement.dataset.live = 'open';
        // Events sent while the stream was down are gone: catch up once it is back.
        if (dropped) {
          for (const p of pipelines) void queryClient.invalidateQueries({ queryKey: [p.kind] });
          void queryClient.invalidateQueries({ queryKey: ['jobs'] });
        }
        dropped = false;
      };
    };
    open();
    return () => {
      clearTimeout(timer);
      clearTimeout(reopen);
      source.removeEventListener('job', onJob);
      source.close();
    };
  }, [queryClient]);
}
