import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useLiveEvents, useLiveTopic } from '../api/realtime.ts';
import { useSignedIn } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { taskKeys, useDismissReminder, useTaskSummary } from './api.ts';

/**
 * 提醒 — the header's bell: reminders that have come for my tasks, until put away. A reminder
 * that arrives while the console is open also pops up once. The server tells my `user:<id>`
 * topic when a reminder's time comes or a colleague gives me a task, and the bell reads again
 * at once; the summary's slow poll stays for a socket that is down. A customer's answer on a
 * ticket of mine pops up too.
 */
export function ReminderBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const me = useSignedIn();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  useLiveTopic(`user:${me.user.id}`, () => void queryClient.invalidateQueries({ queryKey: taskKeys.all }));
  // A customer answered a ticket of mine in the portal: said at once, wherever I am.
  useLiveEvents(`user:${me.user.id}`, ({ event }) => {
    // On that ticket's own page the answer appears in place: no need to say it twice.
    if (event.type !== 'ticket.message_added' || event.entity !== 'ticket' || pathname === `/tickets/${event.entityId}`) return;
    notification.info({ key: `answer-${event.entityId}`, message: t('tasks.customerAnswered'), description: <Link to={`/tickets/${event.entityId}`}>{t('tasks.openTicket')}</Link> });
  });
  const summary = useTaskSummary();
  const dismiss = useDismissReminder();
  const seen = useRef<Set<string> | null>(null);
  const reminders = summary.data?.reminders ?? [];
  useEffect(() => {
    if (!summary.data) return;
    const ids = summary.data.reminders.map((r) => r.id);
    // The first answer is what was already there: only later arrivals pop up.
    if (seen.current) {
      for (const r of summary.data.reminders) {
        if (!seen.current.has(r.id)) notification.info({ message: t('tasks.reminderDue', { title: r.title }), description: t('tasks.dueAt', { time: dateTime(r.dueAt) }) });
      }
    }
    seen.current = new Set(ids);
  }, [summary.data, notification, t]);
  const content = (
    <div style={{ width: 300, maxWidth: '80vw' }}>
      <List size="small" dataSource={reminders} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noReminders')} /> }}
        renderItem={(r) => (
          <List.Item actions={[<Button key="x" size="small" type="link" onClick={() => dismiss.mutate(r.id)}>{t('tasks.dismiss')}</Button>]}>
            <List.Item.Meta title={r.customerId ? <Link to={`/customers/${r.customerId}`}>{r.title}</Link> : r.title}
              description={<Space size={4} wrap><Typography.Text type={r.isOverdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>{t('tasks.dueAt', { time: dateTime(r.dueAt) })}</Typography.Text>
                {r.customerName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.customerName}</Typography.Text>}</Space>} />
          </List.Item>
        )} />
      <div style={{ textAlign: 'right' }}><Link to="/tasks">{t('tasks.mine')}</Link></div>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('tasks.reminders')} content={content}>
      <Badge count={reminders.length} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('tasks.remindersLabel', { n: reminders.length })} data-testid="reminder-bell" />
      </Badge>
    </Popover>
  );
}
