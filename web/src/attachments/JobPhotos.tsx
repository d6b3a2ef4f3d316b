import { ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Paper, Select, Stack, Switch, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconCamera, IconCheck, IconPencil, IconTrash, IconUpload, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { isProblem } from '../api/problem';
import type { ShopFormat } from '../format/shop-format';
import classes from './JobPhotos.module.css';
import { type Attachment, deleteAttachment, type JobKind, patchAttachment, uploadAttachments } from './upload';

interface Props {
  kind: JobKind;
  jobId: string;
  reference: string;
  attachments: Attachment[];
  /** The pipeline's stages in order, with their names, and the job's current one (the default for uploads). */
  stages: readonly { value: string; label: string }[];
  currentStage: string;
  fmt: ShopFormat;
  /** Called after any change, so the job's detail (and lists showing its thumbnail) refetch. */
  onChanged: () => Promise<unknown> | undefined;
}

const isPdf = (a: Attachment) => a.contentType === 'application/pdf';

function CaptionEditor({ a, onSave, saving }: { a: Attachment; onSave: (caption: string | null) => void; saving: boolean }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(a.caption ?? '');
  if (!editing) {
    return (
      <Group gap={4} wrap="nowrap" justify="space-between">
        <Text size="xs" fw={600} lineClamp={2} c={a.caption ? undefined : 'dimmed'}>
          {a.caption ?? 'No caption'}
        </Text>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Edit caption of ${a.caption ?? a.fileName ?? 'this photo'}`}
          onClick={() => {
            setText(a.caption ?? '');
            setEditing(true);
          }}
        >
          <IconPencil size={14} aria-hidden />
        </ActionIcon>
      </Group>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(text.trim() ? text.trim() : null);
    setEditing(false);
  };
  return (
    <form onSubmit={submit}>
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          aria-label="Caption"
          data-autofocus
          autoFocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
          style={{ flex: 1 }}
        />
        <ActionIcon type="submit" size="sm" aria-label="Save caption" loading={saving}>
          <IconCheck size={14} aria-hidden />
        </ActionIcon>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Cancel caption edit" onClick={() => setEditing(false)}>
          <IconX size={14} aria-hidden />
        </ActionIcon>
      </Group>
    </form>
  );
}

/**
 * The job's photos and files grouped by the stage they were taken at: add by drop or camera, caption in
 * place, choose what the customer sees, open large, delete.
 */
export function JobPhotos({ kind, jobId, reference, attachments, stages, currentStage, fmt, onChanged }: Props) {
  const inputId = useId();
  const input = useRef<HTMLInputElement | null>(null);
  const [over, setOver] = useState(false);
  const [caption, setCaption] = useState('');
  const [stage, setStage] = useState<string | null>(null);
  const [open, setOpen] = useState<Attachment | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<Attachment | null>(null);
  const labelOf = (s: string) => stages.find((x) => x.value === s)?.label ?? s;

  const upload = useMutation({
    mutationFn: (files: File[]) => uploadAttachments(kind, jobId, files, { caption, stage: stage ?? currentStage }),
    onSuccess: () => {
      setCaption('');
      void onChanged();
    },
  });
  // A toggle or caption shows at once; the job's refetch then confirms it (or an error puts it back).
  const [overrides, setOverrides] = useState<Record<string, Partial<Attachment>>>({});
  const forget = (id: string) =>
    setOverrides((o) => {
      const { [id]: _gone, ...rest } = o;
      return rest;
    });
  const patch = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { caption?: string | null; customerVisible?: boolean } }) => patchAttachment(id, body),
    onMutate: ({ id, body }) => setOverrides((o) => ({ ...o, [id]: { ...o[id], ...body } })),
    onError: (_e, { id }) => forget(id),
    onSuccess: async (_a, { id }) => {
      await onChanged();
      forget(id);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteAttachment(id),
    onSuccess: () => {
      setConfirmDelete(null);
      setOpen(null);
      void onChanged();
    },
  });

  const send = (list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    if (files.length > 0) upload.mutate(files);
    if (input.current) input.current.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    send(e.dataTransfer.files);
  };

  const order = (s: string) => {
    const i = stages.findIndex((x) => x.value === s);
    return i < 0 ? stages.length : i;
  };
  const shown = attachments.map((a) => ({ ...a, ...overrides[a.id] }));
  const groups = [...new Set(shown.map((a) => a.stage))].sort((a, b) => order(a) - order(b));
  const failure = upload.error ?? patch.error ?? remove.error;

  return (
    <Paper p="md" component="section" aria-labelledby={`${inputId}-title`}>
      <Title order={2} size="h4" mb="sm" id={`${inputId}-title`}>
        Photos and files
      </Title>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the button inside does the same by keyboard */}
      <div
        className={classes.drop}
        data-over={over || undefined}
        data-testid="photo-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <IconUpload size={22} aria-hidden />
        <Text size="sm">Drop photos, renders or PDFs here, or</Text>
        <Group gap="xs" justify="center">
          <Button size="xs" leftSection={<IconCamera size={14} aria-hidden />} onClick={() => input.current?.click()} loading={upload.isPending}>
            Take or choose photos
          </Button>
        </Group>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
          capture="environment"
          multiple
          hidden
          aria-label={`Add photos to ${reference}`}
          onChange={(e) => send(e.currentTarget.files)}
        />
        <Group gap="xs" align="flex-end" justify="center" mt={4}>
          <TextInput size="xs" label="Caption for the next photos" value={caption} onChange={(e) => setCaption(e.currentTarget.value)} w={220} />
          <Select
            size="xs"
            label="Stage"
            data={stages.map((s) => ({ value: s.value, label: s.label }))}
            value={stage ?? currentStage}
            onChange={setStage}
            w={160}
            allowDeselect={false}
          />
        </Group>
      </div>
      {failure && (
        <Alert color="red" mt="sm" role="alert" title="That did not work">
          {isProblem(failure) ? failure.detail : 'Something went wrong; try again.'}
        </Alert>
      )}
      {attachments.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          No photos yet.
        </Text>
      ) : (
        <Stack gap="md" mt="md">
          {groups.map((g) => (
            <section key={g} aria-label={`${labelOf(g)} photos`} data-stage-group={g}>
              <Text size="sm" fw={700} mb={6}>
                {labelOf(g)}
              </Text>
              <div className={classes.grid}>
                {shown
                  .filter((a) => a.stage === g)
                  .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
                  .map((a) => (
                    <figure key={a.id} className={classes.item} data-testid="photo" data-attachment-id={a.id}>
                      <UnstyledButton className={classes.thumb} onClick={() => setOpen(a)} aria-label={`Open ${a.caption ?? a.fileName ?? 'photo'} large`}>
                        <img src={a.thumbnailUrl} alt={a.caption ?? `${labelOf(a.stage)} ${isPdf(a) ? 'document' : 'photo'}`} loading="lazy" />
                      </UnstyledButton>
                      <figcaption>
                        <CaptionEditor
                          a={a}
                          // This photo's save only: a busy (disabled) Save button stops Enter from submitting, and another photo's save took Enter from this one.
                          saving={patch.isPending && patch.variables?.id === a.id}
                          onSave={(c) => patch.mutate({ id: a.id, body: { caption: c } })}
                        />
                        <Text size="xs" c="dimmed">
                          {labelOf(a.stage)} · {a.addedBy?.name ?? 'Loupe'} · {fmt.dateTime(a.createdAt)}
                        </Text>
                        <Group justify="space-between" wrap="nowrap" mt={4}>
                          <Switch
                            size="xs"
                            label="Customer sees it"
                            checked={a.customerVisible}
                            onChange={(e) => patch.mutate({ id: a.id, body: { customerVisible: e.currentTarget.checked } })}
                          />
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            size="sm"
                            aria-label={`Delete ${a.caption ?? a.fileName ?? 'photo'}`}
                            onClick={() => setConfirmDelete(a)}
                          >
                            <IconTrash size={14} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </figcaption>
                    </figure>
                  ))}
              </div>
            </section>
          ))}
        </Stack>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? (open.caption ?? labelOf(open.stage)) : ''} size="xl" centered>
        {open && (
          <Stack gap="xs">
            {isPdf(open) ? (
              <Anchor href={open.url} target="_blank" rel="noreferrer">
                Open the PDF
              </Anchor>
            ) : (
              <img className={classes.full} src={open.url} alt={open.caption ?? `${labelOf(open.stage)} photo`} />
            )}
            <Group gap="xs">
              <Badge variant="light" color="gray" tt="none">
                {labelOf(open.stage)}
              </Badge>
              {open.customerVisible && (
                <Badge variant="light" color="teal" tt="none">
                  Customer sees it
                </Badge>
              )}
              <Anchor href={open.originalUrl} size="xs" c="grape.9" target="_blank" rel="noreferrer">
                Original file
              </Anchor>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={confirmDelete !== null} onClose={() => setConfirmDelete(null)} title="Delete this file?" centered>
        <Text size="sm" mb="md">
          {confirmDelete?.caption ?? confirmDelete?.fileName ?? 'The photo'} and its copies are removed for good, from the job and the tracking page.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmDelete(null)}>
            Keep it
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => confirmDelete && remove.mutate(confirmDelete.id)}>
            Delete
          </Button>
        </Group>
      </Modal>
    </Paper>
  );
}
