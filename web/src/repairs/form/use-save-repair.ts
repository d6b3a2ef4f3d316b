import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../../api/problem';
import { useSubmissionKey } from '../../api/submission-key';
import { type UploadFields, uploadAttachments } from '../../attachments/upload';
import type { ShopFormat } from '../../format/shop-format';
import { createRepair, patchRepair, type Repair, recordRepairPayment, repairKeys } from '../api';
import { bodyFromRepairForm, localRepairErrors, type RepairFormValues } from './repair-form-values';

export interface SavedRepair {
  job: Repair;
  /** What went wrong after the repair itself was saved (the deposit or a photo): the repair stays. */
  afterwards: string[];
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

/** Saves the repair form (create, or edit when `id` is given); on create, then records the deposit and uploads photos. */
export function useSaveRepair(fmt: ShopFormat, id?: string) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submission = useSubmissionKey();
  const mutation = useMutation({
    mutationFn: async ({ v, photos, photoFields }: { v: RepairFormValues; photos: File[]; photoFields?: UploadFields }): Promise<SavedRepair> => {
      const body = bodyFromRepairForm(v, fmt);
      if (id) return { job: await patchRepair(id, body), afterwards: [] };
      const key = submission.current();
      const job = await createRepair(body, key);
      const afterwards: string[] = [];
      if (v.deposit !== '' && v.deposit > 0) {
        await recordRepairPayment(
          job.id,
          { kind: 'deposit', amountCents: fmt.toCents(v.deposit), method: 'Card', note: 'Taken at intake' },
          `${key}:deposit`,
        ).catch((e: unknown) => afterwards.push(`The deposit was not recorded: ${isProblem(e) ? e.detail : 'try again from the repair page'}.`));
      }
      if (photos.length > 0) {
        await uploadAttachments('repairs', job.id, photos, { stage: 'intake', ...photoFields }).catch((e: unknown) =>
          afterwards.push(`The photos were not saved: ${isProblem(e) ? e.detail : 'add them from the repair page'}.`),
        );
      }
      return { job, afterwards };
    },
    onSettled: submission.renew,
    onSuccess: ({ job }) => {
      setErrors({});
      setFailure(null);
      void queryClient.invalidateQueries({ queryKey: repairKeys.lists });
      void queryClient.invalidateQueries({ queryKey: repairKeys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: repairKeys.hub });
    },
    onError: (e) => {
      if (isProblem(e) && e.errors.length > 0) {
        setErrors(keyed(e.errors));
        setFailure('Some fields need attention.');
      } else {
        setFailure(isProblem(e) ? e.detail : 'The repair could not be saved; try again.');
      }
    },
  });
  const save = (v: RepairFormValues, photos: File[], onSaved: (saved: SavedRepair) => void) => {
    const local = localRepairErrors(v);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFailure('Some fields need attention.');
      return;
    }
    mutation.mutate({ v, photos }, { onSuccess: onSaved });
  };
  /** After a failed save, a field's own check clears as soon as it is put right. */
  const revalidate = (v: RepairFormValues) =>
    setErrors((prev) => {
      if (Object.keys(prev).length === 0) return prev;
      const local = localRepairErrors(v);
      const checkedHere = (k: string) => k === 'customerId' || k === 'itemType' || k === 'workLines' || /^workLines\.\d+\.(kind|priceCents)$/.test(k);
      const next: Record<string, string> = {};
      for (const [k, m] of Object.entries(prev)) if (!checkedHere(k)) next[k] = m;
      for (const [k, m] of Object.entries(local)) if (k in prev) next[k] = m;
      if (Object.keys(next).length === 0) setFailure(null);
      return next;
    });
  return { save, errors, failure, saving: mutation.isPending, revalidate };
}
