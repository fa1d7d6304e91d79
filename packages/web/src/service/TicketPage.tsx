import { useState } from 'react';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Form, Input, List, Rate, Row, Segmented, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLiveTopic } from '../api/realtime.ts';
import { useCan } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { UserSelect, useUsers } from '../ui/lookups.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { useAddMessage, useChangeTicket, useCustomerServices, useMergeTicket, useStepTicket, useTicket, useTicketPages } from './api.ts';
import { historyText, type HistoryNames } from './history-text.ts';
import { PriorityTag, SlaTag, StatusTag } from './tags.tsx';
import { TicketFiles } from './TicketFiles.tsx';
import { SuggestedArticles } from '../knowledge/SuggestedArticles.tsx';

/** 工单 — one ticket: details, the steps the workflow allows from here, its history, notes and replies, and merging a duplicate. */
export default function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const ticket = useTicket(id);
  const queryClient = useQueryClient();
  // The customer may answer from the portal, a colleague may step it: the page reads again.
  useLiveTopic(id ? `ticket:${id}` : null, () => void queryClient.invalidateQueries({ queryKey: ['tickets', 'one', id] }));
  const step = useStepTicket(id);
  const change = useChangeTicket(id);
  const addMessage = useAddMessage(id);
  const merge = useMergeTicket(id);
  const [kind, setKind] = useState<'note' | 'reply'>('note');
  const [body, setBody] = useState('');
  const [duplicateId, setDuplicateId] = useState<string>();
  const siblings = useTicketPages({ customerId: ticket.data?.customerId, status: 'open', limit: 50 });
  const services = useCustomerServices(ticket.data?.customerId);
  const users = useUsers();
  if (!ticket.data) return <QueryState isLoading={ticket.isLoading} error={ticket.error} retry={() => ticket.refetch()} />;
  const v = ticket.data;
  const canWrite = can('ticket.write') && !v.mergedIntoId;
  const failed = (e: Error) => message.error(e.message);
  const names: HistoryNames = {
    user: (uid) => users.data?.find((u) => u.id === uid)?.displayName,
    service: (sid) => { const s = services.data?.find((x) => x.id === sid); return s && `${s.productName} ${s.serviceNumber}`; },
  };
  const service = v.subscriptionId ? names.service(v.subscriptionId) : undefined;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="ticket-page">
      <Breadcrumb items={[{ title: <Link to="/tickets">{t('menu.tickets')}</Link> }, { title: v.title }]} />
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>{v.title}</Typography.Title>
            <StatusTag status={v.status} /><PriorityTag priority={v.priority} /><Tag>{t(`ticketKind.${v.kind}`)}</Tag><SlaTag standing={v.slaStanding} />
          </Space>
          {v.mergedIntoId && <Typography.Text type="warning">{t('tickets.mergedInto')} <Link to={`/tickets/${v.mergedIntoId}`}>{v.mergedIntoId.slice(0, 8)}</Link></Typography.Text>}
          {canWrite && (
            <Space wrap data-testid="ticket-steps">
              {v.allowedSteps.filter((s) => s !== 'assigned' || v.assigneeId).map((s) => (
                <Button key={s} loading={step.isPending} onClick={() => step.mutate(s, { onError: failed })} data-testid={`ticket-step-${s}`}>
                  {t('tickets.stepTo', { status: t(`ticketStatus.${s}`) })}
                </Button>
              ))}
              <UserSelect placeholder={t('tickets.assignTo')} value={v.assigneeId} style={{ width: 180 }} data-testid="ticket-assignee"
                onChange={(assigneeId) => assigneeId && change.mutate({ assigneeId }, { onError: failed })} />
            </Space>
          )}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('tickets.details')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={[
              { key: 'customer', label: t('tickets.customer'), children: <Link to={`/customers/${v.customerId}`}>{v.customerName ?? '—'}</Link> },
              { key: 'assignee', label: t('tickets.assignee'), children: v.assigneeName ?? t('tickets.unassigned') },
              { key: 'channel', label: t('tickets.channel'), children: t(`channel.${v.channel}`, { defaultValue: v.channel }) },
              { key: 'category', label: t('tickets.category'), children: v.category ?? '—' },
              { key: 'service', label: t('tickets.subscription'), children: v.subscriptionId ? service ?? t('tickets.aService') : '—' },
              { key: 'created', label: t('tickets.createdAt'), children: dateTime(v.createdAt) },
              { key: 'openedBy', label: t('tickets.openedBy'), children: v.createdByName ?? t('tickets.openedByCustomer') },
              { key: 'description', label: t('tickets.description'), children: v.description ?? '—', span: 2 },
              ...(v.attachmentIds.length ? [{ key: 'files', label: t('tickets.files'), span: 2, children: <TicketFiles customerId={v.customerId} ids={v.attachmentIds} /> }] : []),
              ...(v.satisfaction ? [{ key: 'rating', label: t('tickets.satisfaction'), span: 2, children: (
                <Space wrap data-testid="ticket-satisfaction"><Rate disabled value={v.satisfaction} /><span>{v.satisfactionComment}</span></Space>
              ) }] : []),
            ]} />
          </Card>
          <Card title={t('tickets.sla')} size="small" style={{ marginTop: 16 }} data-testid="ticket-sla-card">
            {v.slaPolicyId ? (
              <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={[
                ...(v.slaPolicy ? [{ key: 'policy', label: t('tickets.slaPolicy'), children: <Space wrap size={4} data-testid="ticket-sla-policy">
                  {v.slaPolicy.name}{v.slaPolicy.isContract && <Tag color="gold">{t('contract.title')}</Tag>}</Space> }] : []),
                { key: 'first', label: t('tickets.firstResponseDue'), children: <DueText due={v.firstResponseDueAt} done={v.firstRespondedAt} /> },
                { key: 'resolution', label: t('tickets.resolutionDue'), children: <DueText due={v.resolutionDueAt} done={v.resolvedAt} paused={v.slaPausedAt && !v.resolvedAt ? v.slaPausedAt : null} /> },
                ...(v.nextResponseDueAt ? [{ key: 'next', label: t('tickets.nextResponseDue'), children: <DueText due={v.nextResponseDueAt} done={null} /> }] : []),
              ]} />
            ) : <Typography.Text type="secondary">{t('tickets.noSla')}</Typography.Text>}
          </Card>
          <Card title={t('tickets.messages')} size="small" style={{ marginTop: 16 }}>
            <List size="small" dataSource={v.messages} locale={{ emptyText: <Empty description={t('tickets.noHistory')} /> }} data-testid="ticket-messages"
              renderItem={(m) => (
                <List.Item>
                  <List.Item.Meta title={<Space wrap><Tag color={m.kind === 'note' ? 'gold' : m.kind === 'customer' ? 'blue' : 'green'}>{t(m.kind === 'customer' ? 'tickets.fromCustomer' : `tickets.${m.kind}`)}</Tag>{m.authorName}<Typography.Text type="secondary">{dateTime(m.createdAt)}</Typography.Text>
                    {m.fromTicketId && <Typography.Text type="secondary">{t('tickets.fromTicket', { id: m.fromTicketId.slice(0, 8) })}</Typography.Text>}</Space>}
                    description={<><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.body}</Typography.Paragraph><TicketFiles customerId={v.customerId} ids={m.attachmentIds} /></>} />
                </List.Item>
              )} />
            {canWrite && (
              <Form layout="vertical" onFinish={() => addMessage.mutate({ kind, body }, { onSuccess: () => setBody(''), onError: failed })}>
                <Segmented value={kind} onChange={(k) => setKind(k as typeof kind)} options={[{ value: 'note', label: t('tickets.note') }, { value: 'reply', label: t('tickets.reply') }]} />
                {kind === 'reply' && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('tickets.replyHelp')}</Typography.Paragraph>}
                <Input.TextArea rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={5000} style={{ marginTop: 8 }} aria-label={t('tickets.body')} data-testid="ticket-message-body" />
                <Button htmlType="submit" type="primary" disabled={!body.trim()} loading={addMessage.isPending} style={{ marginTop: 8 }} data-testid="ticket-message-save">{t('tickets.send')}</Button>
              </Form>
            )}
          </Card>
          <SuggestedArticles ticketId={v.id} style={{ marginTop: 16 }} onInsert={canWrite ? (text) => { setKind('reply'); setBody((b) => (b.trim() ? `${b}\n${text}` : text)); } : undefined} />
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('tickets.history')} size="small">
            <Timeline data-testid="ticket-history" items={v.history.map((h) => ({
              key: h.id,
              children: <Space direction="vertical" size={0}>
                <Typography.Text strong>{t(`tickets.change.${h.change}`, { defaultValue: h.change })}{h.ticketId !== v.id ? ` · ${h.ticketId.slice(0, 8)}` : ''}</Typography.Text>
                <Typography.Text>{historyText(h, t, names)}</Typography.Text>
                <Typography.Text type="secondary">{h.actorName} · {dateTime(h.at)}</Typography.Text>
              </Space>,
            }))} />
          </Card>
          {can('ticket.manage') && !v.mergedIntoId && (
            <Card title={t('tickets.merge')} size="small" style={{ marginTop: 16 }}>
              <Typography.Paragraph type="secondary">{t('tickets.mergeInto')}</Typography.Paragraph>
              <Space wrap>
                <Select value={duplicateId} onChange={setDuplicateId} placeholder={t('tickets.duplicate')} aria-label={t('tickets.duplicate')} style={{ width: 240 }}
                  options={(siblings.data?.pages.flatMap((p) => p.items) ?? []).filter((s) => s.id !== v.id).map((s) => ({ value: s.id, label: s.title }))} />
                <Button disabled={!duplicateId} loading={merge.isPending} onClick={() => duplicateId && merge.mutate(duplicateId, { onSuccess: () => setDuplicateId(undefined), onError: failed })}>{t('tickets.merge')}</Button>
              </Space>
              {v.duplicates.length > 0 && <List size="small" header={t('tickets.duplicates')} dataSource={v.duplicates} renderItem={(d) => <List.Item><Link to={`/tickets/${d.id}`}>{d.title}</Link></List.Item>} />}
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}

/** A due time, and how it went: met or missed when done, late while still open, paused while the clock stands. */
function DueText({ due, done, paused = null }: { due: Date | string | null; done: Date | string | null; paused?: Date | string | null }) {
  const { t } = useTranslation();
  if (!due) return <>—</>;
  const dueAt = new Date(due).getTime();
  const note = done ? (new Date(done).getTime() <= dueAt ? t('tickets.dueMet', { at: dateTime(done) }) : t('tickets.dueMissed', { at: dateTime(done) }))
    : paused ? t('tickets.duePaused', { at: dateTime(paused) })
      : dueAt < Date.now() ? t('tickets.dueLate') : null;
  const isLate = !paused && (done ? new Date(done).getTime() > dueAt : dueAt < Date.now());
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text type={isLate ? 'danger' : undefined}>{dateTime(due)}</Typography.Text>
      {note && <Typography.Text type={isLate ? 'danger' : 'secondary'}>{note}</Typography.Text>}
    </Space>
  );
}
