import { useState } from 'react';
import { Button, Segmented, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TaskList } from './TaskList.tsx';
import { NewTaskModal } from './NewTaskModal.tsx';

/** The 360° page's tasks: everyone's about this customer, open ones first; a new one is about them. */
export function CustomerTasks({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [isCreating, setCreating] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Segmented size="small" value={status} onChange={(v) => setStatus(v as typeof status)}
          options={[{ value: 'open', label: t('taskStatus.open') }, { value: 'all', label: t('tasks.all') }]} />
        {canCreate && <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-task-new">{t('tasks.newTask')}</Button>}
      </Space>
      <TaskList filter={{ customerId, status, limit: 20 }} showCustomer={false} />
      {isCreating && <NewTaskModal customerId={customerId} onClose={() => setCreating(false)} />}
    </Space>
  );
}
