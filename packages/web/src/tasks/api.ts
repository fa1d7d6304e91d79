import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, Query } from '../api/types.ts';

export type TaskT = Answer<'/tasks/{taskId}'>;
export type TaskSummaryT = Answer<'/tasks/summary'>;
export type NewTaskBody = Body<'/tasks'>;
export type TaskChangeBody = Body<'/tasks/{taskId}', 'patch'>;
export type TaskFilter = Omit<Query<'/tasks'>, 'cursor'>;

/** Every task query starts with 'tasks', so one change refreshes the lists, the summary and the bell. */
export const taskKeys = { all: ['tasks'] as const };

export function useTaskPages(filter: TaskFilter) {
  return useInfiniteQuery({
    queryKey: ['tasks', 'list', filter],
    queryFn: ({ pageParam }) => api.GET('/tasks', { params: { query: { ...filter, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** My open and overdue counts and the reminders that have come; asked again every minute. */
export function useTaskSummary() {
  return useQuery({ queryKey: ['tasks', 'summary'], queryFn: () => api.GET('/tasks/summary'), refetchInterval: 60_000, staleTime: 15_000 });
}

function useTasksChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: taskKeys.all });
}

export function useCreateTask() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: (body: NewTaskBody) => api.POST('/tasks', { body }), onSuccess: () => changed() });
}

export function useChangeTask() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: ({ id, change }: { id: string; change: TaskChangeBody }) => api.PATCH('/tasks/{taskId}', { params: { path: { taskId: id } }, body: change }), onSuccess: () => changed() });
}

export function useDismissReminder() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: (id: string) => api.POST('/tasks/{taskId}/reminder-dismissal', { params: { path: { taskId: id } } }), onSuccess: () => changed() });
}
