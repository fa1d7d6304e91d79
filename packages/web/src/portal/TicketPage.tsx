import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Image, Input, Rate, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { dateTime, phone } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { photoHref, useAnswerTicket, useMyTicket, useRateTicket } from './api.ts';
import { StatusBadge } from './StatusBadge.tsx';

function Photos({ ids }: { ids: readonly string[] }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap style={{ marginTop: 4 }}>{ids.map((id) => <Image key={id} src={photoHref(id)} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} />)}</Space>
    </Image.PreviewGroup>
  );
}

/** 工单详情 — what they reported, what the service staff said and what they answered; a reply box, and once resolved the rating. */
export default function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ticket = useMyTicket(id);
  const answer = useAnswerTicket(id);
  const rate = useRateTicket(id);
  const [body, setBody] = useState('');
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  if (!ticket.data) return <QueryState isLoading={ticket.isLoading} error={ticket.error} retry={() => ticket.refetch()} />;
  const v = ticket.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="portal-ticket">
      <Link to="/portal/tickets">‹ {t('portal.ticket.back')}</Link>
      <Card size="small">
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Space wrap><StatusBadge status={v.status} /><Typography.Text type="secondary">{t('portal.ticket.reference', { reference: v.reference })}</Typography.Text></Space>
          <Typography.Title level={5} style={{ margin: 0 }}>{v.title}</Typography.Title>
          <Descriptions size="small" column={1} items={[
            { key: 'kind', label: t('portal.newTicket.kind'), children: t(`portal.newTicket.kinds.${v.kind}`) },
            ...(v.serviceNumber ? [{ key: 'service', label: t('portal.ticket.service'), children: phone(v.serviceNumber) }] : []),
            { key: 'at', label: t('portal.ticket.openedAt', { at: '' }).trim(), children: dateTime(v.createdAt) },
            ...(v.description ? [{ key: 'description', label: t('portal.ticket.description'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{v.description}</span> }] : []),
          ]} />
          <Photos ids={v.attachmentIds} />
        </Space>
      </Card>
      {v.mergedIntoId && <Alert type="info" showIcon message={t('portal.ticket.mergedNote')} action={<Link to={`/portal/tickets/${v.mergedIntoId}`}>{t('portal.ticket.openMerged')}</Link>} />}
      {v.status === 'waiting_on_customer' && <Alert type="warning" showIcon message={t('portal.ticket.waitingHint')} data-testid="portal-waiting" />}
      <Card size="small" title={t('portal.ticket.conversation')}>
        {v.messages.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.ticket.noMessages')} /> : (
          <Space direction="vertical" size={10} style={{ width: '100%' }} data-testid="portal-messages">
            {v.messages.map((m) => {
              const isMine = m.from === 'customer';
              return (
                <div key={m.id} style={{ alignSelf: isMine ? 'flex-end' : 'flex-start', maxWidth: '85%', marginLeft: isMine ? 'auto' : 0 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{isMine ? t('portal.ticket.you') : t('portal.ticket.staff')} · {dateTime(m.createdAt)}</Typography.Text>
                  <div style={{ background: isMine ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: '8px 12px', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={`portal-message-${m.from}`}>{m.body}</div>
                  <Photos ids={m.attachmentIds} />
                </div>
              );
            })}
          </Space>
        )}
        {v.canReply ? (
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Input.TextArea rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={5000} placeholder={t('portal.ticket.answerPlaceholder')} aria-label={t('portal.ticket.answer')} data-testid="portal-answer" />
            <Button type="primary" block disabled={!body.trim()} loading={answer.isPending} data-testid="portal-answer-send"
              onClick={() => answer.mutate({ body, attachmentIds: [] }, { onSuccess: () => { setBody(''); message.success(t('portal.ticket.sent')); }, onError: (e) => message.error(e.message) })}>
              {t('portal.ticket.send')}
            </Button>
          </Space>
        ) : !v.mergedIntoId && <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('portal.ticket.closedNote')}</Typography.Paragraph>}
      </Card>
      {v.canRate && (
        <Card size="small" title={t('portal.ticket.rate')} data-testid="portal-rate">
          <Typography.Paragraph type="secondary">{t('portal.ticket.rateHelp')}</Typography.Paragraph>
          <Rate value={score} onChange={setScore} style={{ fontSize: 32 }} aria-label={t('portal.ticket.rate')} />
          <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} placeholder={t('portal.ticket.comment')} style={{ marginTop: 8 }} data-testid="portal-rate-comment" />
          <Button type="primary" block disabled={score < 1} loading={rate.isPending} style={{ marginTop: 8 }} data-testid="portal-rate-send"
            onClick={() => rate.mutate({ score, comment: comment.trim() || undefined }, { onSuccess: () => message.success(t('portal.ticket.thanks')), onError: (e) => message.error(e.message) })}>
            {t('portal.ticket.submitRating')}
          </Button>
        </Card>
      )}
      {v.satisfaction !== null && (
        <Card size="small" title={t('portal.ticket.yourRating')} data-testid="portal-rated">
          <Rate disabled value={v.satisfaction} />
          {v.satisfactionComment && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{v.satisfactionComment}</Typography.Paragraph>}
        </Card>
      )}
    </Space>
  );
}
