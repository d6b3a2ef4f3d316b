import { Alert, Button, PasswordInput, Skeleton, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { type ApiProblem, isProblem, unwrap } from '../api/problem';
import { keys } from '../api/queries';
import { AnchorLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { mainPipeline } from '../pipelines';
import { roleLabels } from '../settings/staff-api';
import { AuthFrame } from './AuthFrame';

/** /invite/<token>: the link in an invitation e-mail. The invitee chooses a password and starts work, signed in. */
export function InvitePage() {
  usePageTitle('Join your team');
  const { token } = useParams({ from: '/invite/$token' });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => unwrap(api.GET('/api/v1/invites/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const accept = useMutation<Awaited<ReturnType<typeof send>>, ApiProblem>({
    mutationFn: () => send(),
    onSuccess: async (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      await navigate({ to: '/$pipeline', params: { pipeline: mainPipeline.base } });
    },
  });
  const send = () => unwrap(api.POST('/api/v1/invites/{token}/accept', { params: { path: { token } }, body: { password } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate();
  };
  const errors = accept.error?.fieldErrors() ?? {};
  const i = invite.data;

  return (
    <AuthFrame
      title={i ? `Join ${i.shopName}` : 'Join your team'}
      subtitle={i ? `${i.name}, you are invited as ${roleLabels[i.role].toLowerCase()}.` : 'An invitation to Loupe.'}
      footer={
        <>
          Already have an account? <AnchorLink to="/sign-in">Sign in</AnchorLink>
        </>
      }
    >
      {invite.isPending && <Skeleton h={120} />}
      {invite.isError && (
        <Alert color="red" role="alert" title="This invitation cannot be used">
          {isProblem(invite.error) ? invite.error.detail : 'Check the connection and try again.'}
        </Alert>
      )}
      {i && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              You will sign in as <strong>{i.email}</strong>.
            </Text>
            {accept.error && Object.keys(errors).length === 0 && (
              <Alert color="red" role="alert" title={accept.error.title}>
                {accept.error.detail}
              </Alert>
            )}
            <PasswordInput
              label="Choose a password"
              description="At least 8 characters; a few words you will remember are best."
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
            />
            <Button type="submit" loading={accept.isPending} fullWidth>
              Join {i.shopName}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
