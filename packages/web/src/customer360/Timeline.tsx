import { useEffect, useRef, useState } from 'react';
import {
  App, Button, Card, Empty, Form, Image, Input, Select, Space, Spin, Tag, Timeline as AntTimeline, Typography, Upload, type UploadFile,
} from 'antd';
import { FileOutlined, InboxOutlined, MessageOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, asForm, downloadHref } from '../api/client.ts';
import type { Answer, AttachmentT, InteractionT, Query } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { dateTime, fileSize } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { channelLabel, timelineTypeLabel } from '../ui/labels.ts';
import { staffNoteType } from '@xiang/shared/codes';

const kinds = ['descriptive', 'promotional', 'transactional'];
const channels = ['staff', 'phone', 'hotline', 'email', 'sms', 'web', 'chat', 'portal', 'store', 'import', 'system'];
const kindColor: Record<string, string> = { descriptive: 'blue', promotional: 'purple', transactional: 'green' };

type Filter = Omit<Query<'/customers/{customerId}/timeline'>, 'cursor' | 'limit'>;

/** 统一时间线 — every channel's contact with the customer, newest first, loading on as you scroll. */
export function Timeline({ customerId, initial }: { customerId: string; initial: Answer<'/customers/{customerId}/timeline'> }) {
  const { t } = useTranslation();
  const can = useCan();
  const [filter, setFilter] = useState<Filter>({});
  const isUnfiltered = !filter.kind && !filter.channel && !filter.type;
  const pages = useInfiniteQuery({
    queryKey: ['timeline', customerId, filter],
    queryFn: ({ pageParam }) => api.GET('/customers/{customerId}/timeline', { params: { path: { customerId }, query: { ...filter, cursor: pageParam, limit: 20 } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: isUnfiltered ? { pages: [initial], pageParams: [undefined] } : undefined,
    staleTime: isUnfiltered ? 0 : 30_000,
  });
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries[0]?.isIntersecting && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
    }, { rootMargin: '200px' });
    observer.observe(node);
    return () => observer.disconnect();
  }, [pages.hasNextPage, pages.isFetchingNextPage, pages.fetchNextPage]);

  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      {can('interaction.write') && <NoteComposer customerId={customerId} />}
      <Space wrap style={{ margin: '16px 0' }}>
        <Select allowClear placeholder={t('timeline.kind')} aria-label={t('timeline.kind')} style={{ width: 140 }} value={filter.kind} data-testid="timeline-kind"
          onChange={(kind) => setFilter({ ...filter, kind })} options={kinds.map((k) => ({ value: k, label: t(`interactionKind.${k}`) }))} />
        <Select allowClear placeholder={t('timeline.channel')} aria-label={t('timeline.channel')} style={{ width: 140 }} value={filter.channel}
          onChange={(channel) => setFilter({ ...filter, channel })} options={channels.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        <Input.Search allowClear placeholder={t('timeline.type')} aria-label={t('timeline.type')} style={{ width: 200 }}
          onSearch={(type) => setFilter({ ...filter, type: type.trim() || undefined })} />
      </Space>
      {pages.isError && !items.length ? <QueryState error={pages.error} retry={() => pages.refetch()} /> : pages.isLoading ? <Spin /> : items.length === 0
        ? <Empty description={t('timeline.empty')} />
        : (
          <AntTimeline data-testid="timeline" items={items.map((i) => ({
            key: i.id,
            color: kindColor[i.kind],
            children: <InteractionEntry interaction={i} customerId={customerId} />,
          }))} />
        )}
      <div ref={sentinel} style={{ textAlign: 'center', padding: 8 }}>
        {pages.isFetchingNextPage && <Spin size="small" />}
        {pages.isError && items.length > 0 && <Button size="small" onClick={() => pages.fetchNextPage()}>{t('common.retry')}</Button>}
        {!pages.hasNextPage && items.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('timeline.end')}</Typography.Text>}
      </div>
    </div>
  );
}

function InteractionEntry({ interaction: i, customerId }: { interaction: InteractionT; customerId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="timeline-entry">
      <Space size={6} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(i.occurredAt)}</Typography.Text>
        <Tag color={kindColor[i.kind]} bordered={false}>{t(`interactionKind.${i.kind}`)}</Tag>
        <Tag bordered={false} data-testid="timeline-channel">{channelLabel(t, i.channel, i.actorRole)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="timeline-type">{timelineTypeLabel(t, i.type)}</Typography.Text>
        {i.actorName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>· {i.actorName}</Typography.Text>}
      </Space>
      <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{i.summary}</div>
      {i.attachments.length > 0 && (
        <Space wrap size={12} style={{ marginTop: 8 }}>
          {i.attachments.map((a) => <AttachmentView key={a.id} attachment={a} customerId={customerId} />)}
        </Space>
      )}
    </div>
  );
}

function AttachmentView({ attachment: a, customerId }: { attachment: AttachmentT; customerId: string }) {
  const url = downloadHref('/customers/{customerId}/attachments/{attachmentId}', { path: { customerId, attachmentId: a.id } });
  if (a.mediaType.startsWith('image/')) {
    return <Image src={url} alt={a.fileName} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="attachment-image" />;
  }
  if (a.mediaType.startsWith('audio/')) {
    return <Space direction="vertical" size={2}><audio controls preload="none" src={url} data-testid="attachment-audio" /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.fileName}</Typography.Text></Space>;
  }
  return (
    <a href={url} target="_blank" rel="noreferrer" data-testid="attachment-file">
      <Space size={4}><FileOutlined />{a.fileName}<Typography.Text type="secondary" style={{ fontSize: 12 }}>({fileSize(a.sizeBytes)})</Typography.Text></Space>
    </a>
  );
}

/** A note by staff, with files dropped on it: the files go up first, the note names them. */
function NoteComposer({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ summary: string }>();
  const [files, setFiles] = useState<UploadFile<AttachmentT>[]>([]);
  const isUploading = files.some((f) => f.status === 'uploading');
  const save = useMutation({
    mutationFn: (summary: string) => api.POST('/customers/{customerId}/interactions', { params: { path: { customerId } }, body: {
      kind: 'descriptive', channel: 'staff', type: staffNoteType, summary,
      attachmentIds: files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id),
    } }),
    onSuccess: () => {
      message.success(t('timeline.noteSaved'));
      form.resetFields();
      setFiles([]);
      void client.invalidateQueries({ queryKey: ['timeline', customerId] });
      void client.invalidateQueries({ queryKey: ['customer360', customerId] });
    },
    onError: (e) => { const rest = showProblemOnFields(form, e); if (rest) message.error(rest); },
  });

  return (
    <Card size="small" title={<Space><MessageOutlined />{t('timeline.addNote')}</Space>} style={{ background: '#fafafa' }}>
      <Form form={form} onFinish={(v) => save.mutate(v.summary)} disabled={save.isPending}>
        <Form.Item name="summary" rules={[{ required: true, whitespace: true, message: t('timeline.noteRequired') }]} style={{ marginBottom: 12 }}>
          <Input.TextArea rows={2} maxLength={2000} showCount placeholder={t('timeline.notePlaceholder')} data-testid="note-text" />
        </Form.Item>
        <Upload.Dragger
          multiple
          fileList={files}
          listType="picture"
          onChange={({ fileList }) => setFiles(fileList)}
          customRequest={({ file, onSuccess, onError, onProgress }) => {
            onProgress?.({ percent: 30 });
            api.POST('/customers/{customerId}/attachments', { params: { path: { customerId } }, body: { file: file as Blob }, ...asForm })
              .then((a) => onSuccess?.(a))
              .catch((e: Error) => { message.error(`${(file as File).name}: ${e.message}`); onError?.(e); });
          }}
          data-testid="note-upload"
        >
          <Space size={12}>
            <InboxOutlined style={{ fontSize: 28, color: '#1677ff' }} />
            <span style={{ textAlign: 'left' }}>
              <div>{t('timeline.dropFiles')}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('timeline.dropHint')}</Typography.Text>
            </span>
          </Space>
        </Upload.Dragger>
        <div style={{ textAlign: 'right', marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={isUploading} data-testid="note-submit">{t('timeline.saveNote')}</Button>
        </div>
      </Form>
    </Card>
  );
}
