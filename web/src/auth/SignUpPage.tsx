import { Alert, Button, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { type ApiProblem, isProblem, unwrap } from '../api/problem';
import { keys } from '../api/queries';
import type { SignUpBody } from '../api/types';
import { AnchorLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { mainPipeline } from '../pipelines';
import { AuthFrame } from './AuthFrame';

type Locale = NonNullable<SignUpBody['locale']>;

const localeChoices: { value: Locale; label: string; currency: string; timeZone: string }[] = [
  { value: 'en-GB', label: 'United Kingdom (en-GB)', currency: 'GBP', timeZone: 'Europe/London' },
  { value: 'en-AU', label: 'Australia (en-AU)', currency: 'AUD', timeZone: 'Australia/Sydney' },
  { value: 'en-US', label: 'United States (en-US)', currency: 'USD', timeZone: 'America/New_York' },
];

const zones = Intl.supportedValuesOf('timeZone');
const currencies = Intl.supportedValuesOf('currency');

export function SignUpPage() {
  usePageTitle('Open a shop');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    shopName: '',
    ownerName: '',
    email: '',
    password: '',
    locale: 'en-GB' as Locale,
    currency: 'GBP',
    timeZone: 'Europe/London',
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const signUp = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/shops', { body: form })),
    onSuccess: async (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      await navigate({ to: '/$pipeline', params: { pipeline: mainPipeline.base } });
    },
  });
  const problem: ApiProblem | null = isProblem(signUp.error) ? signUp.error : null;
  const fieldErrors = problem?.fieldErrors() ?? {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signUp.mutate();
  };

  return (
    <AuthFrame
      title="Open your shop"
      subtitle="A workshop for you and your staff, ready in a minute."
      footer={
        <>
          Already have a shop? <AnchorLink to="/sign-in">Sign in</AnchorLink>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && problem.errors.length === 0 && (
            <Alert color="red" role="alert" title={problem.code === 'email_taken' ? 'That e-mail already has a shop' : problem.title}>
              {problem.code === 'email_taken' ? 'Sign in instead, or use another e-mail address.' : problem.detail}
            </Alert>
          )}
          <TextInput label="Shop name" required value={form.shopName} error={fieldErrors.shopName} onChange={(e) => set('shopName', e.currentTarget.value)} />
          <TextInput
            label="Your name"
            required
            autoComplete="name"
            value={form.ownerName}
            error={fieldErrors.ownerName}
            onChange={(e) => set('ownerName', e.currentTarget.value)}
          />
          <TextInput
            label="E-mail"
            type="email"
            required
            autoComplete="username"
            value={form.email}
            error={fieldErrors.email}
            onChange={(e) => set('email', e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            required
            autoComplete="new-password"
            value={form.password}
            error={fieldErrors.password}
            onChange={(e) => set('password', e.currentTarget.value)}
          />
          <Select
            label="Country and date style"
            data={localeChoices}
            value={form.locale}
            allowDeselect={false}
            error={fieldErrors.locale}
            onChange={(v) => {
              const choice = localeChoices.find((c) => c.value === v);
              if (choice) setForm((f) => ({ ...f, locale: choice.value, currency: choice.currency, timeZone: choice.timeZone }));
            }}
          />
          <Group grow align="flex-start">
            <Select
              label="Currency"
              data={currencies}
              searchable
              value={form.currency}
              allowDeselect={false}
              error={fieldErrors.currency}
              onChange={(v) => v && set('currency', v)}
            />
            <Select
              label="Time zone"
              data={zones}
              searchable
              value={form.timeZone}
              allowDeselect={false}
              error={fieldErrors.timeZone}
              onChange={(v) => v && set('timeZone', v)}
            />
          </Group>
          <Button type="submit" loading={signUp.isPending} fullWidth>
            Open my shop
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
