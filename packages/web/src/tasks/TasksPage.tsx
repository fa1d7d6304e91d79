import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Segmented, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TaskList } from './TaskList.tsx';
import { NewTaskModal } from './NewTaskModal.tsx';
import type { TaskFilter } from './api.ts';

/** 待办 — my tasks, or everyone's in my units; open, done or all; the overdue ones alone. */
export default function TasksPage() {
  const { t } = useTranslation();
  const [whose, setWhose] = useState<'me' | 'everyone'>('me');
  const [status, setStatus] = useState<NonNullable<TaskFilter['status']>>('open');
  const [isOverdueOnly, setOverdueOnly] = useState(false);
  const [isCreating, setCreating] = useState(false);
  // "Overdue" is as of when the filter was chosen; the list says which are late as of its answer.
  const filter = useMemo<TaskFilter>(() => ({
    ...(whose === 'me' ? { assignee: 'me' } : {}), status, ...(isOverdueOnly ? { dueBefore: new Date().toISOString() } : {}), limit: 20,
  }), [whose, status, isOverdueOnly]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('tasks.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-new">{t('tasks.newTask')}</Button>
      </Space>
      <Card size="small">
        <Space wrap size={[16, 8]}>
          <Segmented value={whose} onChange={(v) => setWhose(v as typeof whose)} options={[{ value: 'me', label: t('tasks.mine') }, { value: 'everyone', label: t('tasks.everyone') }]} />
          <Select value={status} onChange={setStatus} style={{ width: 140 }} aria-label={t('tasks.status')}
            options={[...(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`taskStatus.${s}`) })), { value: 'all' as const, label: t('tasks.all') }]} />
          <Checkbox checked={isOverdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>{t('tasks.overdueOnly')}</Checkbox>
        </Space>
      </Card>
      <Card styles={{ body: { paddingBlock: 4 } }}>
        <TaskList filter={filter} />
      </Card>
      {isCreating && <NewTaskModal onClose={() => setCreating(false)} />}
    </Space>
  );
}
