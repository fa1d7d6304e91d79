import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { DeadLetterT as Letter, FailedJobT as Failed, QueueT as Queue, SubscriberT as Subscriber } from '../api/types.ts';
import { dateTime, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';

/** Refreshed while the page is open: queues move by the second. */
const every = 5_000;

const seconds = (ms: number | null) => (ms === null ? '—' : `${number(Math.round(ms / 100) / 10)} s`);
const errorText = (text: string) => <Typography.Text type="danger" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text}</Typography.Text>;

/** 运维 — the job queues (waiting, running, late, failed with their errors) and the events' dead letters. */
export default function OperationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const queues = useQuery({ queryKey: ['jobs', 'queues'], queryFn: () => api.GET('/jobs/queues').then((r) => r.items), refetchInterval: every });
  const failed = useQuery({ queryKey: ['jobs', 'failed'], queryFn: () => api.GET('/jobs/failed', { params: { query: { limit: 50 } } }).then((r) => r.items), refetchInterval: every });
  const subscribers = useQuery({ queryKey: ['events', 'subscribers'], queryFn: () => api.GET('/events/subscribers').then((r) => r.items), refetchInterval: every });
  const letters = useQuery({ queryKey: ['events', 'dead-letters'], queryFn: () => api.GET('/events/dead-letters', { params: { query: { limit: 50 } } }).then((r) => r.items), refetchInterval: every });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['jobs'] }), client.invalidateQueries({ queryKey: ['events'] })]);
  const retry = useMutation({
    mutationFn: (id: number) => api.POST('/jobs/{jobId}/retry', { params: { path: { jobId: id } } }),
    onSuccess: () => { message.success(t('operations.retried')); void refresh(); },
    onError: (e) => message.error((e as Error).message),
  });
  const replay = useMutation({
    mutationFn: (id: number) => api.POST('/events/dead-letters/{letterId}/replay', { params: { path: { letterId: id } } }),
    onSuccess: () => { message.success(t('operations.replayAsked')); void refresh(); },
    onError: (e) => message.error((e as Error).message),
  });
  const failure = [queues, failed, subscribers, letters].find((q) => !q.data && !q.isLoading);
  if (failure) return <QueryState error={failure.error} retry={() => failure.refetch()} />;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('operations.queues')}>
        <Table<Queue> rowKey="queue" size="middle" loading={queues.isLoading} dataSource={queues.data} pagination={false}
          locale={{ emptyText: <Empty description={t('operations.noQueues')} /> }} columns={[
            { title: t('operations.queue'), dataIndex: 'queue', render: (v) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('operations.due'), dataIndex: 'due', align: 'right', render: number },
            { title: t('operations.delayed'), dataIndex: 'delayed', align: 'right', render: number },
            { title: t('operations.running'), dataIndex: 'running', align: 'right', render: number },
            { title: t('operations.lag'), dataIndex: 'lagMs', align: 'right', render: seconds },
            { title: t('operations.failed'), dataIndex: 'failed', align: 'right', render: (v: number) => (v ? <Tag color="red">{number(v)}</Tag> : number(v)) },
          ]} />
      </Card>
      <Card title={t('operations.failedJobs')}>
        <Table<Failed> rowKey="id" size="middle" loading={failed.isLoading} dataSource={failed.data} pagination={false}
          locale={{ emptyText: <Empty description={t('operations.noFailedJobs')} /> }} columns={[
            { title: t('operations.queue'), dataIndex: 'queue', render: (v) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('operations.job'), dataIndex: 'id' },
            { title: t('operations.attempts'), dataIndex: 'attempts', align: 'right' },
            { title: t('operations.error'), dataIndex: 'error', render: errorText },
            { title: t('operations.failedAt'), dataIndex: 'failedAt', render: (v) => dateTime(v) },
            { title: t('common.actions'), key: 'a', render: (_, job) => (
              <Button size="small" onClick={() => retry.mutate(job.id)} loading={retry.isPending && retry.variables === job.id}
                aria-label={t('operations.retryJob', { id: job.id })}>{t('operations.retry')}</Button>
            ) },
          ]} />
      </Card>
      <Card title={t('operations.subscribers')}>
        <Table<Subscriber> rowKey="name" size="middle" loading={subscribers.isLoading} dataSource={subscribers.data} pagination={false}
          locale={{ emptyText: <Empty description={t('operations.noSubscribers')} /> }} columns={[
            { title: t('operations.subscriber'), dataIndex: 'name', render: (v) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('operations.behind'), dataIndex: 'behind', align: 'right', render: (v: number) => (v >= 10_000 ? `≥ ${number(v)}` : number(v)) },
            { title: t('operations.deliveredAt'), dataIndex: 'deliveredAt', render: (v) => dateTime(v) },
            { title: t('operations.state'), key: 'state', render: (_, s) => (s.failing
              ? <Space direction="vertical" size={0}><Tag color="orange">{t('operations.retrying', { attempts: s.failing.attempts, at: dateTime(s.failing.retryAt) })}</Tag>{errorText(s.failing.error)}</Space>
              : <Tag color="green">{t('operations.delivering')}</Tag>) },
            { title: t('operations.deadLetters'), dataIndex: 'deadLetters', align: 'right', render: (v: number) => (v ? <Tag color="red">{number(v)}</Tag> : number(v)) },
          ]} />
      </Card>
      <Card title={t('operations.deadLetters')}>
        <Typography.Paragraph type="secondary">{t('operations.deadLettersHelp')}</Typography.Paragraph>
        <Table<Letter> rowKey="id" size="middle" loading={letters.isLoading} dataSource={letters.data} pagination={false}
          locale={{ emptyText: <Empty description={t('operations.noDeadLetters')} /> }} columns={[
            { title: t('operations.subscriber'), dataIndex: 'subscriber', render: (v) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('operations.event'), key: 'event', render: (_, d) => <><Typography.Text code>{d.type}</Typography.Text> #{d.eventId}</> },
            { title: t('operations.attempts'), dataIndex: 'attempts', align: 'right' },
            { title: t('operations.error'), dataIndex: 'error', render: errorText },
            { title: t('operations.failedAt'), dataIndex: 'failedAt', render: (v) => dateTime(v) },
            { title: t('common.actions'), key: 'a', render: (_, d) => (d.isReplayRequested
              ? <Tag>{t('operations.replayPending')}</Tag>
              : <Button size="small" onClick={() => replay.mutate(d.id)} loading={replay.isPending && replay.variables === d.id}
                aria-label={t('operations.replayLetter', { id: d.eventId })}>{t('operations.replay')}</Button>) },
          ]} />
      </Card>
    </Space>
  );
}
