import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../../api/problem';
import { useSingleFlight, useSubmissionKey } from '../../api/submission-key';
import type { ShopFormat } from '../../format/shop-format';
import { hubKey, pipelineKeys } from '../queries';
import type { BaseForm, PipelineConfig, PipelineDetail, PipelineJob } from '../types';

export interface SavedJob<J> {
  job: J;
  /** What went wrong after the job itself was saved (a deposit, a photo): the job stays. */
  afterwards: string[];
}

export interface Saver<F> {
  errors: Record<string, string>;
  failure: string | null;
  saving: boolean;
  revalidate: (v: F) => void;
}

/** Field errors keyed by the API's full path (workLines.1.priceCents) and by top-level field. */
function keyed(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    out[e.path] ??= e.message;
    const top = e.path.split('.')[0] ?? e.path;
    out[top] ??= e.message;
  }
  return out;
}

/** Saves a pipeline's form (create, or edit when `id` is given) and turns the server's field errors into the form's. */
export function useSaveJob<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>(
  p: PipelineConfig<S, J, D, F, C>,
  fmt: ShopFormat,
  id?: string,
) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const mutation = useMutation({
    mutationFn: async ({ v, photos }: { v: F; photos: File[] }): Promise<SavedJob<J>> => {
      const body = p.form.toBody(v, fmt);
      if (id) return { job: await p.api.patch(id, body), afterwards: [] };
      const key = submission.current();
      const job = await p.api.create(body, key);
      return { job, afterwards: (await p.form.afterCreate?.(job, v, key, photos, fmt)) ?? [] };
    },
    onSettled: submission.renew,
    onSuccess: ({ job }) => {
      setErrors({});
      setFailure(null);
      const keys = pipelineKeys(p.kind);
      void queryClient.invalidateQueries({ queryKey: keys.lists });
      void queryClient.invalidateQueries({ queryKey: keys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: hubKey });
    },
    onError: (e) => {
      if (isProblem(e) && e.errors.length > 0) {
        setErrors(keyed(e.errors));
        setFailure('Some fields need attention.');
      } else {
        setFailure(isProblem(e) ? e.detail : `The ${p.words.one} could not be saved; try again.`);
      }
    },
  });
  const save = (v: F, photos: File[], onSaved: (saved: SavedJob<J>) => void) => {
    const local = p.form.localErrors(v);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFailure('Some fields need attention.');
      return;
    }
    // A second click while the first is on its way changes nothing: no second job, deposit or upload of the photos.
    once(() => mutation.mutateAsync({ v, photos }, { onSuccess: onSaved }));
  };
  /** After a failed save, a field the browser checks clears as soon as it is put right. */
  const revalidate = (v: F) =>
    setErrors((prev) => {
      if (Object.keys(prev).length === 0) return prev;
      const local = p.form.localErrors(v);
      const next: Record<string, string> = {};
      for (const [k, m] of Object.entries(prev)) if (!(k in local) && !p.form.checksHere(k)) next[k] = m;
      for (const [k, m] of Object.entries(local)) if (k in prev) next[k] = m;
      if (Object.keys(next).length === 0) setFailure(null);
      return next;
    });
  return { save, errors, failure, saving: mutation.isPending, revalidate };
}

/** A job's form as it is being filled in: its pipeline, its values, and their save. */
export interface JobForm<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C> {
  p: PipelineConfig<S, J, D, F, C>;
  fmt: ShopFormat;
  value: F;
  setValue: (v: F) => void;
  saver: Saver<F> & { save: (v: F, photos: File[], onSaved: (saved: SavedJob<J>) => void) => void };
}

/** The form's state (held by the caller: a page, or a draft at the counter) with its save; `id` to edit that job. */
export function useJobForm<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>(
  p: PipelineConfig<S, J, D, F, C>,
  fmt: ShopFormat,
  [value, setValue]: [F, (v: F) => void],
  id?: string,
): JobForm<S, J, D, F, C> {
  return { p, fmt, value, setValue, saver: useSaveJob(p, fmt, id) };
}
