import { useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showProblemOnFields } from '../ui/problems.ts';
import { useLogCall, type NewCallBody } from './api.ts';

const directions = ['inbound', 'outbound'] as const;
const outcomes = ['resolved', 'callback', 'transferred', 'abandoned', 'ticket'] as const;
type Values = Omit<NewCallBody, 'startedAt'> & { startedAt: Dayjs };

/** 登记通话 — a call typed in by hand, when the call centre's system did not post it. */
export function LogCallModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const log = useLogCall();
  const required = [{ required: true, message: t('contactCentre.required') }];
  const save = ({ startedAt, ...v }: Values) => {
    setProblem(null);
    const body = Object.fromEntries(Object.entries({ ...v, startedAt: startedAt.toISOString() })
      .filter(([, value]) => value !== undefined && value !== '')) as NewCallBody;
    log.mutate(body, {
      onSuccess: () => { message.success(t('contactCentre.logged')); onClose(); },
      onError: (e) => setProblem(showProblemOnFields(form, e)),
    });
  };
  return (
    <Modal open title={t('contactCentre.logCall')} width={600} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: log.isPending, 'data-testid': 'call-save' } as never} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={log.isPending} onFinish={save}
        initialValues={{ direction: 'inbound', outcome: 'resolved', durationSeconds: 0, startedAt: dayjs(), callId: `HAND-${dayjs().format('YYYYMMDD-HHmmss')}` }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="number" label={t('contactCentre.number')} rules={required}><Input inputMode="tel" data-testid="call-number" /></Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="callId" label={t('contactCentre.callId')} tooltip={t('contactCentre.callIdHelp')} rules={required}><Input /></Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="direction" label={t('contactCentre.direction')}>
              <Select options={directions.map((d) => ({ value: d, label: t(`contactCentre.directions.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="outcome" label={t('contactCentre.outcome')}>
              <Select options={outcomes.map((o) => ({ value: o, label: t(`contactCentre.outcomes.${o}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="startedAt" label={t('contactCentre.startedAt')} rules={required}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="durationSeconds" label={`${t('contactCentre.duration')}（${t('contactCentre.seconds')}）`} rules={required}>
              <InputNumber min={0} max={86_400} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="recording" label={t('contactCentre.recording')}><Input /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('contactCentre.note')}><Input.TextArea rows={3} maxLength={2000} showCount /></Form.Item>
      </Form>
    </Modal>
  );
}
