import { Grid, Stack } from '@mantine/core';
import { IconDiamond } from '@tabler/icons-react';
import { bespokePipeline } from '../../../src/domain/bespoke-pipeline';
import type { Job, JobDetail, Stage } from '../api/types';
import { DesignReviews } from '../customer/DesignReviews';
import { SendRenders } from '../customer/SendRenders';
import type { ShopFormat } from '../format/shop-format';
import { pipelineApi } from '../pipeline/api';
import type { BoardJob } from '../pipeline/cards';
import { definePipeline } from '../pipeline/define';
import { TextField } from '../pipeline/form/fields';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import type { FieldsProps } from '../pipeline/types';
import { vocabOf } from '../pipeline/vocab';
import { type BespokeForm, bodyFromForm, emptyBespokeForm, formFromJob, localErrors } from './bespoke-form';

/** The pipeline's vocabulary comes from the domain module the server uses: one definition, two readers. */
const vocab = vocabOf<Stage>(bespokePipeline, {
  enquiry: 'gray',
  consultation: 'indigo',
  deposit_received: 'violet',
  stone_sourcing: 'grape',
  cad: 'blue',
  approval: 'cyan',
  setting: 'teal',
  polish: 'green',
  ready: 'lime',
  collected: 'dark',
  cancelled: 'red',
  on_hold: 'orange',
});

function MainFields(f: FieldsProps<BespokeForm>) {
  const { value, set, errors, fmt } = f;
  return (
    <>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <TextField f={f} name="jewelleryType" label="Jewellery type" placeholder="ring, pendant…" />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <MoneyInput label="Quoted price" fmt={fmt} value={value.quoted} error={errors.quotedCents} onChange={(v) => set('quoted', v)} />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <MoneyInput label="Customer budget" fmt={fmt} value={value.budget} error={errors.budgetCents} onChange={(v) => set('budget', v)} />
      </Grid.Col>
    </>
  );
}

function MoreFields(f: FieldsProps<BespokeForm>) {
  return (
    <>
      <Grid.Col span={{ base: 6, md: 4 }}>
        <TextField f={f} name="metal" label="Metal" placeholder="18ct white gold" />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 5 }}>
        <TextField f={f} name="stones" label="Stones" placeholder="1.2ct oval sapphire" />
      </Grid.Col>
    </>
  );
}

/** What the customer decides about the design: the renders sent to them, and their answers. */
function DesignPanels({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  return (
    <Stack gap="md">
      <SendRenders job={job} />
      <DesignReviews job={job} fmt={fmt} />
    </Stack>
  );
}

/** Custom pieces, from enquiry through CAD and approval to collection. */
export const bespoke = definePipeline<Stage, BoardJob<Job>, JobDetail, BespokeForm, ReturnType<typeof bodyFromForm>>({
  base: 'bespoke',
  kind: 'bespoke',
  icon: IconDiamond,
  vocab,
  words: {
    title: 'Bespoke jobs',
    kind: 'Bespoke',
    nav: 'Bespoke',
    one: 'job',
    many: 'jobs',
    count: () => 'bespoke',
    newTitle: 'New bespoke job',
    create: 'Create job',
    created: 'created',
    takeIn: 'Take in enquiry',
    takenIn: 'taken in',
    quoted: 'Quoted',
    cardMoney: ['Quoted', 'Deposit'],
    commentsHint: 'No comments yet. Record the consultation, stone candidates, or what the customer said.',
    reworkLabel: 'Reason for the rework',
    reworkPlaceholder: 'e.g. Customer asked for a thinner band',
  },
  api: pipelineApi('bespoke'),
  card: { subline: (job) => job.customer.name },
  detail: {
    facts: (job, fmt) => [
      ['Type', job.jewelleryType],
      ['Metal', job.metal],
      ['Stones', job.stones],
      ['Budget', job.budgetCents === null ? null : fmt.money(job.budgetCents)],
      ['Taken in', fmt.dateTime(job.createdAt)],
      ['In this stage since', fmt.dateTime(job.stageChangedAt)],
    ],
    Side: DesignPanels,
  },
  form: {
    empty: emptyBespokeForm,
    fromJob: formFromJob,
    toBody: bodyFromForm,
    localErrors,
    checksHere: (key) => key === 'customerId' || key === 'title',
    title: { required: true, placeholder: 'e.g. Oval sapphire engagement ring', describe: "The brief in the customer's words" },
    Main: MainFields,
    More: MoreFields,
  },
});
