import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewTask, Task, TaskChange, TaskQuery, TaskSummary } from '@xiang/shared';
import type { z } from 'zod';
import { get, patch, post, type WireOf } from '../api/client.ts';
import type { Page } from '../api/types.ts';

export type TaskT = WireOf<typeof Task>;
export type TaskSummaryT = WireOf<typeof TaskSummary>;
export type NewTaskBody = z.input<typeof NewTask>;
export type TaskChangeBody = z.input<typeof TaskChange>;
export type TaskFilter = Omit<Partial<z.input<typeof TaskQuery>>, 'cursor'>;

/** Every task query starts with 'tasks', so one change refreshes the lists, the summary and the bell. */
export const taskKeys = { all: ['tasks'] as const };

export function useTaskPages(filter: TaskFilter) {
  return useInfiniteQuery({
    queryKey: ['tasks', 'list', filter],
    queryFn: ({ pageParam }) => get<Page<TaskT>>('/tasks', { ...filter, cursor: pageParam } as Record<string, string>),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** My open and overdue counts and the reminders that have come; asked again every minute. */
export function useTaskSummary() {
  return useQuery({ queryKey: ['tasks', 'summary'], queryFn: () => get<TaskSummaryT>('/tasks/summary'), refetchInterval: 60_000, staleTime: 15_000 });
}

function useTasksChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: taskKeys.all });
}

export function useCreateTask() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: (body: NewTaskBody) => post<TaskT>('/tasks', body), onSuccess: () => changed() });
}

export function useChangeTask() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: ({ id, change }: { id: string; change: TaskChangeBody }) => patch<TaskT>(`/tasks/${id}`, change), onSuccess: () => changed() });
}

export function useDismissReminder() {
  const changed = useTasksChanged();
  return useMutation({ mutationFn: (id: string) => post<TaskT>(`/tasks/${id}/reminder-dismissal`), onSuccess: () => changed() });
}
