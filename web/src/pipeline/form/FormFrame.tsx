import { Alert, Button, Grid, Group, Paper, Stack } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { FormEvent, ReactNode } from 'react';
import type { BaseForm, FieldsProps, PipelineDetail, PipelineJob } from '../types';
import { CustomerPicker } from './CustomerPicker';
import { NoteField, TextField } from './fields';
import { MoneyInput } from './MoneyInput';
import type { JobForm } from './use-save-job';

interface Props<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C> {
  form: JobForm<S, J, D, F, C>;
  onSubmit: () => void;
  submitLabel: string;
  extraActions?: ReactNode;
  intake?: FieldsProps<F>['intake'];
}

/** One job's form in any pipeline: who, what, when and the price, around the pipeline's own fields. */
export function FormFrame<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>(props: Props<S, J, D, F, C>) {
  const { onSubmit, submitLabel, extraActions, intake } = props;
  const { p, value, saver, fmt } = props.form;
  const { errors } = saver;
  const onChange = (v: F) => {
    props.form.setValue(v);
    saver.revalidate(v);
  };
  const set = <K extends keyof F>(key: K, v: F[K]) => onChange({ ...value, [key]: v });
  const setBase = <K extends keyof BaseForm>(key: K, v: BaseForm[K]) => onChange({ ...value, [key]: v });
  const base: Pick<FieldsProps<BaseForm>, 'value' | 'set' | 'errors'> = { value, set: setBase, errors };
  const fields: FieldsProps<F> = { value, set, errors, fmt, intake };
  const { Main, Section, More } = p.form;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {saver.failure && (
          <Alert color="red" role="alert">
            {saver.failure}
          </Alert>
        )}
        <Paper p="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <CustomerPicker value={value.customer} onChange={(c) => setBase('customer', c)} error={errors.customerId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextField
                f={base}
                name="title"
                label="Title"
                description={p.form.title.description}
                placeholder={p.form.title.placeholder}
                required={p.form.title.required}
              />
            </Grid.Col>
            <Main {...fields} />
            <Grid.Col span={{ base: 6, md: 3 }}>
              <DateInput
                label="Due date"
                placeholder="Pick a date"
                valueFormat={fmt.locale === 'en-US' ? 'MMM D, YYYY' : 'D MMM YYYY'}
                clearable
                value={value.dueDate}
                error={errors.dueDate}
                onChange={(d) => setBase('dueDate', d)}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <NoteField f={base} name="description" label="Description" placeholder={p.form.title.describe} />
            </Grid.Col>
          </Grid>
        </Paper>
        {Section && <Section {...fields} />}
        <Paper p="md">
          <Grid gap="md">
            <More {...fields} />
            <Grid.Col span={{ base: 6, md: 3 }}>
              <MoneyInput label="Final price" fmt={fmt} value={value.final} error={errors.finalCents} onChange={(v) => setBase('final', v)} />
            </Grid.Col>
            <Grid.Col span={12}>
              <NoteField f={base} name="notes" label="Internal notes" description="Staff only; never shown to the customer" />
            </Grid.Col>
          </Grid>
        </Paper>
        <Group justify="flex-end">
          {extraActions}
          <Button type="submit" loading={saver.saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
