import { Grid, NumberInput, Paper, Select } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconCertificate } from '@tabler/icons-react';
import { appraisalPipeline } from '../../../src/domain/appraisal-pipeline';
import { definePipeline } from '../pipeline/define';
import { TextField } from '../pipeline/form/fields';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import { PieceSelect } from '../pipeline/form/PieceSelect';
import type { FieldsProps } from '../pipeline/types';
import { vocabOf } from '../pipeline/vocab';
import { ReportButton } from './appraisals/ReportButton';
import { StonesEditor } from './appraisals/StonesEditor';
import { ValuationPanel } from './appraisals/ValuationPanel';
import { type Appraisal, type AppraisalDetail, type AppraisalStage, appraisalItems, appraisalWord, purposes } from './appraisals/words';
import {
  type AppraisalForm,
  appraisalChecksHere,
  appraisalsApi,
  bodyFromAppraisalForm,
  emptyAppraisalForm,
  formFromAppraisal,
  localAppraisalErrors,
} from './appraisals-form';

/** The appraisal pipeline's words, from the same domain module the server reads. */
const vocab = vocabOf<AppraisalStage>(appraisalPipeline, {
  requested: 'gray',
  examining: 'indigo',
  valued: 'blue',
  report_issued: 'lime',
  collected: 'dark',
  cancelled: 'red',
  on_hold: 'orange',
});

function MainFields({ value, set, errors, fmt }: FieldsProps<AppraisalForm>) {
  return (
    <>
      <PieceSelect types={appraisalItems} value={value.itemType} error={errors.itemType} onChange={(t) => set('itemType', t)} />
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label="Purpose"
          allowDeselect={false}
          data={purposes.map((p) => ({ value: p, label: appraisalWord(p) }))}
          value={value.purpose}
          error={errors.purpose}
          onChange={(v) => set('purpose', purposes.find((p) => p === v) ?? 'insurance_replacement')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <MoneyInput label="Appraisal fee" fmt={fmt} value={value.fee} error={errors.quotedCents} onChange={(v) => set('fee', v)} />
      </Grid.Col>
    </>
  );
}

/** The piece as examined: metal, hallmarks, weight, and its stones. */
function PieceAndStones(f: FieldsProps<AppraisalForm>) {
  const { value, set, errors } = f;
  return (
    <>
      <Paper p="md">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextField f={f} name="metal" label="Metal" placeholder="18ct yellow gold" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <TextField f={f} name="hallmarks" label="Hallmarks" placeholder="750, Birmingham anchor, date letter z" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <NumberInput
              label="Weight (g)"
              min={0}
              decimalScale={2}
              value={value.weight}
              error={errors.weightGrams}
              onChange={(v) => set('weight', typeof v === 'number' ? v : '')}
            />
          </Grid.Col>
        </Grid>
      </Paper>
      <StonesEditor {...f} />
    </>
  );
}

/** The valuation itself, recorded once the piece has been examined. */
function ValuationFields(f: FieldsProps<AppraisalForm>) {
  const { value, set, errors, fmt } = f;
  return (
    <>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <MoneyInput
          label="Replacement value"
          fmt={fmt}
          value={value.replacementValue}
          error={errors.replacementValueCents}
          onChange={(v) => set('replacementValue', v)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <TextField f={f} name="valuer" label="Valuer" placeholder="Who valued it" />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <DateInput
          label="Valuation date"
          placeholder="Pick a date"
          clearable
          valueFormat={fmt.locale === 'en-US' ? 'MMM D, YYYY' : 'D MMM YYYY'}
          value={value.valuationDate}
          error={errors.valuationDate}
          onChange={(d) => set('valuationDate', d)}
        />
      </Grid.Col>
    </>
  );
}

/** Insurance, probate and resale valuations: requested at the counter, examined, valued, the report issued, collected. */
export const appraisals = definePipeline<AppraisalStage, Appraisal, AppraisalDetail, AppraisalForm, ReturnType<typeof bodyFromAppraisalForm>>({
  base: 'appraisals',
  kind: 'appraisal',
  icon: IconCertificate,
  vocab,
  words: {
    title: 'Appraisals',
    kind: 'Appraisal',
    nav: 'Appraisals',
    one: 'appraisal',
    many: 'appraisals',
    count: (n) => (n === 1 ? 'appraisal' : 'appraisals'),
    newTitle: 'New appraisal',
    create: 'Request appraisal',
    created: 'requested',
    takeIn: 'Take in for appraisal',
    takenIn: 'taken in',
    quoted: 'Fee',
    cardMoney: ['Fee', 'Paid'],
    commentsHint: 'No comments yet. Record what the examination found: tests, inclusions, repairs to the piece.',
    reworkLabel: 'Why is it going back?',
    reworkPlaceholder: 'e.g. Stone needs re-grading out of its setting',
  },
  api: appraisalsApi,
  card: { subline: (job) => `${appraisalWord(job.itemType)} · ${job.customer.name}` },
  detail: {
    facts: (job, fmt) => [
      ['Item', appraisalWord(job.itemType)],
      ['Purpose', appraisalWord(job.purpose)],
      ['Metal', job.metal],
      ['Hallmarks', job.hallmarks],
      ['Weight', job.weightGrams === null ? null : `${job.weightGrams} g`],
      ['Taken in', fmt.dateTime(job.createdAt)],
      ['In this stage since', fmt.dateTime(job.stageChangedAt)],
    ],
    Main: ValuationPanel,
    Side: ReportButton,
  },
  form: {
    empty: emptyAppraisalForm,
    fromJob: formFromAppraisal,
    toBody: bodyFromAppraisalForm,
    localErrors: localAppraisalErrors,
    checksHere: appraisalChecksHere,
    title: {
      required: false,
      placeholder: 'e.g. Victorian diamond cluster ring',
      description: 'Left blank, Loupe names it from the item',
      describe: 'The piece as the report should describe it',
    },
    Main: MainFields,
    Section: PieceAndStones,
    More: ValuationFields,
  },
});
