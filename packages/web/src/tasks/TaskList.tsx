import { App, Button, Checkbox, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignedIn } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useChangeTask, useTaskPages, type TaskFilter, type TaskT } from './api.ts';

const priorityColour = { urgent: 'red', high: 'orange', normal: 'default', low: 'default' } as const;

/**
 * Tasks as a list a person works through: tick to finish (untick to reopen), the due time in red
 * once it has passed, the customer one click away, and more on request.
 */
export function TaskList({ filter, showCustomer = true, emptyText }: { filter: TaskFilter; showCustomer?: boolean; emptyText?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedIn();
  const pages = useTaskPages(filter);
  const change = useChangeTask();
  if (!pages.data) return <QueryState isLoading={pages.isLoading} error={pages.error} retry={() => pages.refetch()} />;
  const items = pages.data.pages.flatMap((p) => p.items);
  const toggle = (task: TaskT) => change.mutate({ id: task.id, change: { status: task.status === 'open' ? 'done' : 'open' } }, {
    onSuccess: (after) => message.success(t(after.status === 'done' ? 'tasks.done' : 'tasks.reopened', { title: after.title })),
    onError: (e) => message.error(e.message),
  });
  return (
    <List size="small" dataSource={items} data-testid="task-list" locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('tasks.empty')} /> }}
      loadMore={pages.hasNextPage ? (
        <div style={{ textAlign: 'center', margin: '8px 0' }}>
          <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('common.loadMore')}</Button>
        </div>
      ) : null}
      renderItem={(task) => (
        <List.Item data-testid="task-item" data-task-id={task.id}>
          <Space align="start" size={10} style={{ width: '100%' }}>
            <Checkbox checked={task.status === 'done'} disabled={task.status === 'cancelled' || change.isPending} onChange={() => toggle(task)}
              aria-label={t(task.status === 'open' ? 'tasks.markDone' : 'tasks.reopen', { title: task.title })} style={{ marginTop: 2 }} />
            <div style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text delete={task.status !== 'open'} strong={task.isOverdue} style={{ wordBreak: 'break-word' }}>{task.title}</Typography.Text>
              <div>
                <Space size={[6, 2]} wrap>
                  <Typography.Text type={task.isOverdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="task-due">
                    {t('tasks.dueAt', { time: dateTime(task.dueAt) })}
                  </Typography.Text>
                  {task.isOverdue && <Tag color="red" bordered={false}>{t('tasks.overdue')}</Tag>}
                  {task.priority !== 'normal' && <Tag color={priorityColour[task.priority]} bordered={false}>{t(`taskPriority.${task.priority}`)}</Tag>}
                  {task.status === 'cancelled' && <Tag bordered={false}>{t('taskStatus.cancelled')}</Tag>}
                  {showCustomer && task.customerId && <Link to={`/customers/${task.customerId}`} style={{ fontSize: 12 }}>{task.customerName ?? task.customerNumber}</Link>}
                  {task.assigneeId !== me.user.id && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tasks.by', { name: task.assigneeName })}</Typography.Text>}
                </Space>
              </div>
              {task.note && <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0, whiteSpace: 'pre-wrap' }}>{task.note}</Typography.Paragraph>}
            </div>
          </Space>
        </List.Item>
      )} />
  );
}
