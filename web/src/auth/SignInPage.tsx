import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { type ApiProblem, unwrap } from '../api/problem';
import { keys } from '../api/queries';
import { AnchorLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { mainPipeline } from '../pipelines';
import { AuthFrame } from './AuthFrame';

export function SignInPage() {
  usePageTitle('Sign in');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { next } = useSearch({ from: '/sign-in' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation<Awaited<ReturnType<typeof send>>, ApiProblem>({
    mutationFn: () => send(),
    onSuccess: async (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      await navigate(next ? { to: next } : { to: '/$pipeline', params: { pipeline: mainPipeline.base } });
    },
  });
  const send = () => unwrap(api.POST('/api/v1/session', { body: { email, password } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };

  return (
    <AuthFrame
      title="Sign in to Loupe"
      subtitle="Your workshop, at the bench or the counter."
      footer={
        <>
          New to Loupe? <AnchorLink to="/sign-up">Open a shop</AnchorLink>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {signIn.error && (
            <Alert color="red" role="alert" title={signIn.error.code === 'unauthenticated' ? 'Wrong e-mail or password' : signIn.error.title}>
              {signIn.error.code === 'unauthenticated' ? 'Check both and try again.' : signIn.error.detail}
            </Alert>
          )}
          <TextInput label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
