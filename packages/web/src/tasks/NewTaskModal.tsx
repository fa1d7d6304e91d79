import { useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useSignedIn } from '../session/session.ts';
import { UserSelect } from '../ui/lookups.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCreateTask } from './api.ts';

const reminders = { none: null, at: 0, m15: 15, h1: 60, d1: 24 * 60 } as const;
type Reminder = keyof typeof reminders;
interface TaskValues { title: string; dueAt: Dayjs; remind: Reminder; priority: 'low' | 'normal' | 'high' | 'urgent'; assigneeId: string; note?: string }

/** 9:00 on the next given weekday (1 = Monday), at least a day away. */
const nextWeekday = (weekday: number) => {
  const today = dayjs().hour(9).minute(0).second(0).millisecond(0);
  const ahead = ((weekday - today.day() + 7) % 7) || 7;
  return today.add(ahead, 'day');
};

/**
 * 新建待办 — "call back next Tuesday": what, when, a reminder before it, for whom. Made from the
 * 360° page it is about that customer; the server checks that the assignee can see them.
 */
export function NewTaskModal({ customerId, onClose }: { customerId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedIn();
  const [form] = Form.useForm<TaskValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateTask();
  const tomorrow9 = dayjs().add(1, 'day').hour(9).minute(0).second(0).millisecond(0);
  const save = (v: TaskValues) => {
    setProblem(null);
    const before = reminders[v.remind];
    create.mutate({
      title: v.title, dueAt: v.dueAt.toISOString(), priority: v.priority, assigneeId: v.assigneeId,
      ...(v.note?.trim() ? { note: v.note } : {}),
      ...(before !== null ? { remindAt: v.dueAt.subtract(before, 'minute').toISOString() } : {}),
      ...(customerId ? { customerId } : {}),
    }, {
      onSuccess: (task) => { message.success(t('tasks.created', { title: task.title })); onClose(); },
      onError: (e) => setProblem(showProblemOnFields(form, e)),
    });
  };
  return (
    <Modal open title={t('tasks.newTask')} width={560} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'task-save' } as never} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={create.isPending} onFinish={save}
        initialValues={{ dueAt: tomorrow9, remind: 'm15', priority: 'normal', assigneeId: me.user.id }}>
        <Form.Item name="title" label={t('tasks.what')} rules={[{ required: true, whitespace: true, message: t('tasks.whatRequired') }, { max: 200 }]}>
          <Input autoFocus maxLength={200} placeholder={t('tasks.whatPlaceholder')} data-testid="task-title" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="dueAt" label={t('tasks.due')} rules={[{ required: true, message: t('tasks.dueRequired') }]}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="task-due-input"
                presets={[
                  { label: t('tasks.tomorrow9'), value: tomorrow9 },
                  { label: t('tasks.nextMonday9'), value: nextWeekday(1) },
                  { label: t('tasks.nextTuesday9'), value: nextWeekday(2) },
                  { label: t('tasks.inAWeek'), value: dayjs().add(7, 'day').hour(9).minute(0).second(0) },
                ]} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="remind" label={t('tasks.remind')}>
              <Select options={(Object.keys(reminders) as Reminder[]).map((k) => ({ value: k, label: t(`remindBefore.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="priority" label={t('tasks.priority')}>
              <Select options={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({ value: p, label: t(`taskPriority.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="assigneeId" label={t('tasks.assignee')}>
              <UserSelect placeholder={t('tasks.assignee')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('tasks.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
