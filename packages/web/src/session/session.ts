import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../api/client.ts';
import type { Body, MeT, Permission } from '../api/types.ts';

/** Who is signed in; null when nobody is (401). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.GET('/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** The signed-in person; only for components under RequireSession. */
export function useSignedIn(): MeT {
  const { data } = useMe();
  if (!data) throw new Error('useSignedIn outside a session');
  return data;
}

export function useCan() {
  const me = useSignedIn();
  return (permission: Permission) => me.permissions.includes(permission);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Body<'/sessions'>) => api.POST('/sessions', { body: input }),
    onSuccess: async () => {
      client.clear();
      await client.fetchQuery({ queryKey: ['me'], queryFn: () => api.GET('/me') });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.DELETE('/sessions/current'),
    onSettled: () => {
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}
