import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';
import { api } from '../api/client';

export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    void (async () => {
      await api.DELETE('/api/v1/session').catch(() => undefined);
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    })();
  }, [queryClient, navigate]);
}
