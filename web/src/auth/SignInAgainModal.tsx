import { Alert, Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { type ApiProblem, unwrap } from '../api/problem';
import { keys } from '../api/queries';
import { sessionGate } from '../api/session-gate';

/**
 * Over whatever screen was open when the session ended: sign in again, and the request that met the
 * ended session goes again. The form underneath stays as it was, with everything typed in it.
 */
export function SignInAgainModal({ email: knownEmail }: { email: string }) {
  const queryClient = useQueryClient();
  // A page drawn on the server has just been asked for with a live session: the gate is shut.
  const open = useSyncExternalStore(
    sessionGate.subscribe,
    () => sessionGate.open,
    () => false,
  );
  const [email, setEmail] = useState(knownEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => sessionGate.mount(), []);
  useEffect(() => {
    if (open) {
      setEmail(knownEmail);
      setPassword('');
      setError(null);
    }
  }, [open, knownEmail]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const me = await unwrap(api.POST('/api/v1/session', { body: { email, password } }));
      queryClient.setQueryData(keys.me, me);
      sessionGate.done(true);
    } catch (err) {
      setError(err as ApiProblem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={open} onClose={() => sessionGate.done(false)} title="Sign in again to carry on" centered closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">Your session has ended. What you typed is kept, and is saved as soon as you are signed in again.</Text>
          {error && (
            <Alert color="red" role="alert" title={error.code === 'unauthenticated' ? 'Wrong e-mail or password' : error.title}>
              {error.code === 'unauthenticated' ? 'Check both and try again.' : error.detail}
            </Alert>
          )}
          <TextInput label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth>
            Sign in and carry on
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
