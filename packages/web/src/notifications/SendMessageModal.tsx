import { useEffect, useState } from 'react';
import { Alert, App, Descriptions, Form, Modal, Segmented, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../ui/format.ts';
import { previewMessage, useSendMessage, useTemplates, type PreviewT } from './api.ts';

/**
 * 发送消息 — choose a template and a language; the preview shows the message as this customer
 * gets it and every reason it cannot go (no address, no consent, the weekly cap), before sending.
 */
export function SendMessageModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const templates = useTemplates();
  const send = useSendMessage(customerId);
  const [templateId, setTemplateId] = useState<string>();
  const [language, setLanguage] = useState<'zh-CN' | 'en'>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [preview, setPreview] = useState<PreviewT | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!templateId) return;
    let isCurrent = true;
    setPreview(null);
    previewMessage(customerId, { templateId, language }).then((p) => { if (isCurrent) setPreview(p); }, (e: Error) => { if (isCurrent) setProblem(e.message); });
    return () => { isCurrent = false; };
  }, [customerId, templateId, language]);
  const canSend = !!preview && preview.refusals.length === 0;
  return (
    <Modal open title={t('messages.send')} width={600} onCancel={onClose} okText={t('messages.sendNow')} cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !canSend, loading: send.isPending, 'data-testid': 'message-send' } as never}
      onOk={() => templateId && send.mutate({ templateId, language }, {
        onSuccess: (m) => { message.success(new Date(m.sendAfter) > new Date() ? t('messages.queuedUntil', { time: dateTime(m.sendAfter) }) : t('messages.queued')); onClose(); },
        onError: (e) => setProblem(e.message),
      })}>
      <Form layout="vertical">
        <Form.Item label={t('messages.template')} required>
          <Select value={templateId} onChange={setTemplateId} loading={templates.isLoading} showSearch optionFilterProp="label" data-testid="message-template"
            placeholder={t('messages.chooseTemplate')} notFoundContent={t('messages.noTemplates')}
            options={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: `${tpl.name} · ${t(`channel.${tpl.channel}`)} · ${t(`messages.kind.${tpl.kind}`)}` }))} />
        </Form.Item>
        <Form.Item label={t('messages.language')}>
          <Segmented value={language} onChange={(v) => setLanguage(v as typeof language)} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {templateId && !preview && !problem && <Spin />}
      {preview && (
        <>
          {preview.refusals.map((r) => <Alert key={r.code} type="warning" showIcon message={r.message} style={{ marginBottom: 8 }} data-testid="message-refusal" />)}
          <Descriptions size="small" column={1} bordered data-testid="message-preview" items={[
            { key: 'to', label: t('messages.to'), children: preview.to ?? '—' },
            ...(preview.subject !== null ? [{ key: 'subject', label: t('messages.subject'), children: preview.subject }] : []),
            { key: 'body', label: t('messages.content'), children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{preview.body}</Typography.Paragraph> },
            ...(preview.smsParts ? [{ key: 'parts', label: t('messages.smsParts'), children: preview.smsParts }] : []),
            ...(new Date(preview.sendAfter) > new Date(Date.now() + 60_000) ? [{ key: 'after', label: t('messages.sendAfter'), children: dateTime(preview.sendAfter) }] : []),
          ]} />
        </>
      )}
    </Modal>
  );
}
