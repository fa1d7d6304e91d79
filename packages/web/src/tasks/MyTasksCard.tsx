import { useState } from 'react';
import { Button, Card, Grid, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { number } from '../ui/format.ts';
import { TaskList } from './TaskList.tsx';
import { NewTaskModal } from './NewTaskModal.tsx';
import { useTaskSummary } from './api.ts';

/** The home page's 我的待办: the next open tasks, soonest due first, with how many are late. */
export function MyTasksCard() {
  const { t } = useTranslation();
  const summary = useTaskSummary();
  const [isCreating, setCreating] = useState(false);
  // On a phone the header keeps the title and two small controls; the counts go below it.
  const isPhone = Grid.useBreakpoint().md === false;
  const s = summary.data;
  const counts = s && (
    <Typography.Text type={s.overdue ? 'danger' : 'secondary'} data-testid="my-task-counts" style={isPhone ? { display: 'block', paddingTop: 8 } : undefined}>
      {t('tasks.openAndOverdue', { open: number(s.open), overdue: number(s.overdue) })}</Typography.Text>
  );
  return (
    <Card title={t('tasks.mine')} data-testid="my-tasks" styles={{ body: { paddingBlock: 4 } }} extra={
      <Space size={12}>
        {!isPhone && counts}
        <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} aria-label={t('tasks.newTask')}>{!isPhone && t('tasks.newTask')}</Button>
        <Link to="/tasks">{t('common.more')}</Link>
      </Space>
    }>
      {isPhone && counts}
      <TaskList filter={{ assignee: 'me', status: 'open', limit: 5 }} emptyText={t('tasks.emptyMine')} />
      {isCreating && <NewTaskModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
