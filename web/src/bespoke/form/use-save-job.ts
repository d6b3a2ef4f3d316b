import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createJob, patchJob } from '../../api/mutations';
import { isProblem } from '../../api/problem';
import { keys } from '../../api/queries';
import { useSubmissionKey } from '../../api/submission-key';
import type { Job } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { bodyFromForm, type JobFormValues, localErrors } from './job-form-values';

/** Saves the job form (create, or edit when `id` is given) and turns the server's field errors into the form's. */
export function useSaveJob(fmt: ShopFormat, id?: string) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submission = useSubmissionKey();
  const mutation = useMutation({
    mutationFn: (v: JobFormValues): Promise<Job> => {
      const body = bodyFromForm(v, fmt);
      return id ? patchJob(id, body) : createJob(body, submission.current());
    },
    onSettled: submission.renew,
    onSuccess: (job) => {
      setErrors({});
      setFailure(null);
      void queryClient.invalidateQueries({ queryKey: keys.jobs });
      void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
    },
    onError: (e) => {
      if (isProblem(e) && e.errors.length > 0) {
        setErrors(e.fieldErrors());
        setFailure('Some fields need attention.');
      } else {
        setFailure(isProblem(e) ? e.detail : 'The job could not be saved; try again.');
      }
    },
  });
  const save = (v: JobFormValues, onSaved: (job: Job) => void) => {
    const local = localErrors(v);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFailure('Some fields need attention.');
      // The server's word on the other fields is still worth having, so ask it anyway when a title is typed.
      if (!v.title.trim()) setErrors({ ...local, title: 'Required' });
      return;
    }
    // A second click while the first is on its way changes nothing (and would send the same key anyway).
    if (mutation.isPending) return;
    mutation.mutate(v, { onSuccess: onSaved });
  };
  return { save, errors, failure, saving: mutation.isPending };
}
