import { Alert, Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../../api/problem';
import { useShopFormat } from '../../format/use-shop-format';
import { jobMemoQuery } from '../../memos/JobMemoPanel';
import { MemoReconcile } from '../../memos/MemoReconcile';
import { memoKeys, type Outcome, reconcile } from '../../memos/memos-api';
import { minutesWord } from '../ready-notice';
import type { DetailPipeline, PipelineDetail, PipelineJob } from '../types';
import { useMoveJob } from '../use-move-job';

/**
 * The stage advance dropdown: any stage, forward (skipping is fine) or back (with the reason). Moving to
 * ready or beyond asks how each memo item the job uses ended (sold into the piece, or returned); the
 * answer is recorded with the move, and "decide later" leaves the item on memo.
 */
export function StageMoveForm<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>>({
  p,
  job,
  readyOutlook,
}: {
  p: DetailPipeline<S, J, D>;
  job: J;
  /** What a move to ready would do about the customer now. */
  readyOutlook?: { willSend: boolean; delayMinutes?: number; reason?: string };
}) {
  const move = useMoveJob(p);
  const queryClient = useQueryClient();
  const { main, side, label: stageLabel, isBackward, parse, ready, hold } = p.vocab;
  const [to, setTo] = useState<S | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome | 'later'>>({});
  const [settling, setSettling] = useState(false);
  const backward = to !== null && isBackward(job.stage, to);
  const finishing = to !== null && main.indexOf(to) >= main.indexOf(ready);
  const memo = useQuery({ ...jobMemoQuery(p.api, p.base, job.id), enabled: finishing });
  const unreconciled = finishing ? (memo.data?.items ?? []).filter((i) => i.status === 'active') : [];
  const fmt = useShopFormat();
  // Handing a piece over (a finished stage off the board) with money owing is allowed, but never by accident.
  const owing = to !== null && p.vocab.isArchived(to) && !p.vocab.isCalledOff(to) && job.balanceOwingCents > 0 ? fmt.money(job.balanceOwingCents) : null;

  const groups = [
    {
      group: 'Stages',
      items: main.filter((s) => s !== job.stage).map((s) => ({ value: s, label: `${stageLabel(s)}${isBackward(job.stage, s) ? ' (back)' : ''}` })),
    },
    { group: 'Set aside', items: side.filter((s) => s !== job.stage).map((s) => ({ value: s, label: stageLabel(s) })) },
  ];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    if (backward && !note.trim()) {
      setNoteError('Moving back needs a note saying why');
      return;
    }
    void settleThenMove(to);
  };

  /** Records each memo item's outcome first (the server refuses no move for them), then moves the job. */
  const settleThenMove = async (to: S) => {
    const chosen = unreconciled.flatMap((i) => {
      const o = outcomes[i.id];
      return o && o !== 'later' ? [{ item: i, outcome: o }] : [];
    });
    if (chosen.length > 0) {
      setSettling(true);
      try {
        for (const { item, outcome } of chosen) await reconcile(item.memo.id, item.id, outcome);
      } catch (error) {
        notifications.show({
          color: 'red',
          title: 'A memo item was not reconciled',
          message: isProblem(error) ? error.detail : 'Something went wrong; try again.',
        });
        return;
      } finally {
        setSettling(false);
        void queryClient.invalidateQueries({ queryKey: memoKeys.all });
      }
      notifications.show({ color: 'green', title: `${chosen.length} memo ${chosen.length === 1 ? 'item' : 'items'} reconciled`, message: '' });
    }
    move.mutate(
      { job, to, note },
      {
        onSuccess: (answer) => {
          // A move to ready says its own word about the customer (use-move-job).
          if (!(to === ready && answer.moved)) {
            notifications.show({
              color: 'green',
              title: answer.moved ? `${job.reference} moved to ${stageLabel(to)}` : `${job.reference} was already in ${stageLabel(to)}`,
              message: '',
            });
          }
          setTo(null);
          setNote('');
          setNoteError(undefined);
          setOutcomes({});
        },
      },
    );
  };

  return (
    <Paper p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Move stage
          </Title>
          <Text size="sm">
            Now in <b>{stageLabel(job.stage)}</b>
            {job.stage === hold && job.heldFromStage ? ` (was ${stageLabel(job.heldFromStage)})` : ''}.
          </Text>
          <Select
            label="Move to"
            placeholder="Choose a stage"
            data={groups}
            value={to}
            onChange={(v) => {
              setTo(parse(v) ?? null);
              setNoteError(undefined);
            }}
          />
          {unreconciled.length > 0 && <MemoReconcile items={unreconciled} value={outcomes} onChange={(id, o) => setOutcomes((all) => ({ ...all, [id]: o }))} />}
          <Textarea
            label={backward ? 'Why is it going back?' : 'Note (optional)'}
            required={backward}
            autosize
            minRows={2}
            value={note}
            error={noteError}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {to === ready && readyOutlook && !readyOutlook.willSend && (
            <Alert color="orange" title="The customer will not be told" role="status">
              {readyOutlook.reason}
            </Alert>
          )}
          {to === ready && readyOutlook?.willSend && (readyOutlook.delayMinutes ?? 0) > 0 && (
            <Text size="sm" c="dimmed">
              The customer is told {minutesWord(readyOutlook.delayMinutes ?? 0)} after the move, unless you undo it first.
            </Text>
          )}
          {to && owing && (
            <Alert color="orange" title={`${owing} is still owed`} role="status">
              Take the final payment (Money, Record payment) before handing the piece over. Moved now, the balance stays owing on {job.customer.name}'s record.
            </Alert>
          )}
          <Button type="submit" disabled={!to} loading={move.isPending || settling}>
            {to ? `Move to ${stageLabel(to)}${owing ? `, ${owing} still owing` : ''}` : 'Move'}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
