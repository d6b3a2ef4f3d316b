import { Alert, Badge, Checkbox, FileInput, Grid, Paper, Select, Text } from '@mantine/core';
import { IconCamera, IconTool } from '@tabler/icons-react';
import { repairPipeline } from '../../../src/domain/repair-pipeline';
import { DraftPhotos } from '../intake/DraftPhotos';
import { definePipeline } from '../pipeline/define';
import { NoteField } from '../pipeline/form/fields';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import { PieceSelect } from '../pipeline/form/PieceSelect';
import { paymentMethods } from '../pipeline/payment-methods';
import type { FieldsProps } from '../pipeline/types';
import { vocabOf } from '../pipeline/vocab';
import { WorkLinesEditor } from './repairs/WorkLinesEditor';
import { WorkLinesPanel } from './repairs/WorkLinesPanel';
import { itemTypes, type Repair, type RepairDetail, type RepairStage, wordFor } from './repairs/words';
import { afterIntake, bodyFromRepairForm, checkedHere, emptyRepairForm, formFromRepair, localRepairErrors, type RepairForm, repairsApi } from './repairs-form';

/** The repair pipeline's words, from the same domain module the server reads. */
const vocab = vocabOf<RepairStage>(repairPipeline, {
  intake: 'gray',
  assessed: 'indigo',
  quoted: 'violet',
  approved: 'blue',
  in_progress: 'teal',
  ready: 'lime',
  collected: 'dark',
  cancelled: 'red',
  on_hold: 'orange',
});

const rush = (job: Repair) =>
  job.rush && (
    <Badge size="xs" color="red" variant="filled">
      Rush
    </Badge>
  );

function MainFields({ value, set, errors }: FieldsProps<RepairForm>) {
  return <PieceSelect types={itemTypes} value={value.itemType} error={errors.itemType} onChange={(t) => set('itemType', t)} />;
}

function MoreFields(f: FieldsProps<RepairForm>) {
  const { value, set, errors, fmt, intake } = f;
  return (
    <>
      <Grid.Col span={12}>
        <NoteField
          f={f}
          name="conditionNotes"
          label="Condition at intake"
          description="Existing scratches, missing stones, stamps: what the customer agreed it was like when it came in"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <MoneyInput label="Declared value" fmt={fmt} value={value.declaredValue} error={errors.declaredValueCents} onChange={(v) => set('declaredValue', v)} />
      </Grid.Col>
      {intake && (
        <Grid.Col span={{ base: 6, md: 3 }}>
          <MoneyInput label="Deposit taken now" fmt={fmt} value={value.deposit} error={errors.deposit} onChange={(v) => set('deposit', v)} />
        </Grid.Col>
      )}
      {intake && (
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select
            label="Deposit paid by"
            placeholder="Choose how"
            data={[...paymentMethods]}
            value={value.depositMethod}
            onChange={(v) => set('depositMethod', v)}
            error={errors.depositMethod}
            disabled={value.deposit === '' || value.deposit <= 0}
            required={value.deposit !== '' && value.deposit > 0}
          />
        </Grid.Col>
      )}
      <Grid.Col span={{ base: 6, md: 3 }} style={{ display: 'flex', alignItems: 'flex-end' }}>
        <Checkbox label="Rush" description="Goes to the top of its column" checked={value.rush} onChange={(e) => set('rush', e.currentTarget.checked)} mb={6} />
      </Grid.Col>
    </>
  );
}

/** The work asked for; at the counter, with photos of the piece as it came in. */
function WorkAndPhotos(f: FieldsProps<RepairForm>) {
  const { intake, errors } = f;
  return (
    <>
      <WorkLinesEditor {...f} />
      {intake && (
        <Paper p="md">
          <FileInput
            label="Photos of the piece as it came in"
            description="On a tablet this opens the camera; each photo taken is added"
            placeholder="Take or choose photos"
            multiple
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the chosen photos' }}
            accept="image/*,application/pdf"
            capture="environment"
            leftSection={<IconCamera size={16} aria-hidden />}
            value={intake.photos}
            error={errors.photos}
            // A second photo from the camera adds to the first; only the clear button empties the list.
            onChange={(files) => intake.onPhotos(files.length === 0 ? [] : [...intake.photos, ...files])}
          />
          <DraftPhotos files={intake.photos} onChange={intake.onPhotos} />
        </Paper>
      )}
    </>
  );
}

/** Jewellery brought in to be mended: booked in at the counter, assessed, quoted, approved, worked on, collected. */
export const repairs = definePipeline<RepairStage, Repair, RepairDetail, RepairForm, ReturnType<typeof bodyFromRepairForm>>({
  base: 'repairs',
  kind: 'repair',
  icon: IconTool,
  vocab,
  words: {
    title: 'Repairs',
    kind: 'Repair',
    nav: 'Repairs',
    one: 'repair',
    many: 'repairs',
    count: (n) => (n === 1 ? 'repair' : 'repairs'),
    newTitle: 'New repair',
    create: 'Book in repair',
    created: 'booked in',
    takeIn: 'Book in repair',
    takenIn: 'booked in',
    quoted: 'Estimate',
    cardMoney: ['Est.', 'Dep.'],
    commentsHint: 'No comments yet. Record what the bench found, or what the customer said on the phone.',
    reworkLabel: 'Why is it going back?',
    reworkPlaceholder: 'e.g. Customer wants the strap looked at too',
  },
  api: repairsApi,
  card: { flags: rush, subline: (job) => `${wordFor(job.itemType)} · ${job.customer.name}`, urgent: (job) => job.rush },
  detail: {
    facts: (job, fmt) => [
      ['Item', wordFor(job.itemType)],
      ['Declared value', job.declaredValueCents === null ? null : fmt.money(job.declaredValueCents)],
      ['Booked in', fmt.dateTime(job.createdAt)],
      ['In this stage since', fmt.dateTime(job.stageChangedAt)],
    ],
    notes: (job) =>
      job.conditionNotes && (
        <Alert color="yellow" mt="md" title="Condition at intake" p="xs">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {job.conditionNotes}
          </Text>
        </Alert>
      ),
    Main: WorkLinesPanel,
  },
  form: {
    empty: emptyRepairForm,
    fromJob: formFromRepair,
    toBody: bodyFromRepairForm,
    localErrors: localRepairErrors,
    checksHere: checkedHere,
    title: {
      required: false,
      placeholder: 'e.g. Resize wedding band',
      description: 'Left blank, Loupe names it from the item and the work',
      describe: 'The piece: metal, stones, hallmarks',
    },
    Main: MainFields,
    Section: WorkAndPhotos,
    More: MoreFields,
    afterCreate: afterIntake,
  },
});
