import { useState } from 'react';
import {
  Alert, App, Button, Card, Checkbox, Col, Descriptions, InputNumber, Radio, Result, Row, Select, Space, Statistic, Steps, Table, Tabs, Tag, Typography, Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, InboxOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, asForm, downloadHref } from '../api/client.ts';
import type { Body, ImportFindingsT, ImportReportT, ImportT, ImportUndoneT } from '../api/types.ts';
import { number } from '../ui/format.ts';
import { UnitSelect, UserSelect } from '../ui/lookups.tsx';

type Report = ImportReportT;
type Mode = NonNullable<NonNullable<Body<'/imports/{importId}/commit'>>['mode']>;
type FindingList = ImportFindingsT['list'];

const fields = [
  'name', 'kind', 'tier', 'unit', 'gender', 'birthDate', 'customerSince', 'address', 'industry', 'note', 'tags',
  'phone', 'email', 'id_number', 'credit_code', 'member_id', 'wechat', 'productCode', 'serviceNumber', 'serviceStartDate', 'attribute', 'ignore',
];
type Item = ImportFindingsT['items'][number];
/** Rows of each list a page shows. */
const pageSize = 10;

/** 数据导入 — upload, map the columns, read the dry-run report, then write (and undo if needed). */
export default function ImportWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [unitId, setUnitId] = useState<string>();
  const [ownerId, setOwnerId] = useState<string>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [report, setReport] = useState<Report | null>(null);
  const [mode, setMode] = useState<Mode>('all_or_nothing');
  const [committed, setCommitted] = useState<ImportT | null>(null);
  const [undone, setUndone] = useState<ImportUndoneT | null>(null);
  const [step, setStep] = useState(0);
  const [headerRow, setHeaderRow] = useState<number | null>(null);
  const [acceptWarnings, setAcceptWarnings] = useState(false);

  const check = useMutation({
    mutationFn: (input: { file: File; mapping?: Record<string, string>; headerRow?: number }) => {
      const mapping = input.mapping && Object.keys(input.mapping).length ? JSON.stringify(input.mapping) : undefined;
      return api.POST('/imports', {
        body: { file: input.file, mapping, headerRow: input.headerRow || undefined, unitId: unitId || undefined, ownerId: ownerId || undefined, dryRun: true },
        ...asForm,
      });
    },
    onSuccess: (r, input) => {
      setReport(r);
      setHeaderRow(r.headerRow);
      setAcceptWarnings(false);
      setMapping(Object.fromEntries(r.columns.map((c) => [c.column, c.field])));
      setStep(input.mapping ? 2 : 1);
    },
    onError: (e) => message.error((e as Error).message),
  });
  const commit = useMutation({
    mutationFn: () => api.POST('/imports/{importId}/commit', { params: { path: { importId: report!.import.id } }, body: { mode, acceptWarnings } }),
    onSuccess: (r) => {
      setCommitted('import' in r ? r.import : r);
      setStep(3);
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  const undo = useMutation({
    mutationFn: () => api.POST('/imports/{importId}/undo', { params: { path: { importId: report!.import.id } } }),
    onSuccess: (r) => { setUndone(r); void client.invalidateQueries({ queryKey: ['customers'] }); },
    onError: (e) => message.error((e as Error).message),
  });
  const restart = () => { setFile(null); setReport(null); setCommitted(null); setUndone(null); setMapping({}); setHeaderRow(null); setAcceptWarnings(false); setStep(0); };
  const typeOf = (column: string) => report?.attributeTypes.find((a) => a.column === column);

  return (
    <Card title={t('imports.title')}>
      <Steps current={step} style={{ maxWidth: 900, margin: '0 auto 32px' }} items={[
        { title: t('imports.stepUpload') }, { title: t('imports.stepMap') }, { title: t('imports.stepCheck') }, { title: t('imports.stepDone') },
      ]} />

      {step === 0 && (
        <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 720, margin: '0 auto', display: 'flex' }}>
          <Upload.Dragger accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" maxCount={1}
            beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)} fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            data-testid="import-file">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('imports.drop')}</p>
            <p className="ant-upload-hint">{t('imports.dropHint')}</p>
          </Upload.Dragger>
          <Row gutter={16}>
            <Col span={12}><Typography.Text type="secondary">{t('imports.unit')}</Typography.Text><UnitSelect allowClear value={unitId} onChange={setUnitId} style={{ width: '100%' }} placeholder={t('customers.unitDefault')} /></Col>
            <Col span={12}><Typography.Text type="secondary">{t('imports.owner')}</Typography.Text><UserSelect allowClear value={ownerId} onChange={setOwnerId} role="account_manager" style={{ width: '100%' }} /></Col>
          </Row>
          <Button type="primary" disabled={!file} loading={check.isPending} onClick={() => file && check.mutate({ file })} data-testid="import-next">{t('imports.readFile')}</Button>
        </Space>
      )}

      {step === 1 && report && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} items={[
            { key: 'file', label: t('imports.file'), children: report.import.fileName },
            { key: 'format', label: t('imports.format'), children: `${report.format.toUpperCase()} · ${report.encoding}` },
            { key: 'rows', label: t('imports.rows'), children: number(report.import.totalRows) },
          ]} />
          <Space wrap data-testid="import-header-row">
            <Typography.Text>{t('importCheck.headerRow')}</Typography.Text>
            <InputNumber min={1} max={10000} value={headerRow} onChange={(v) => setHeaderRow(v)} aria-label={t('importCheck.headerRow')} />
            <Button loading={check.isPending} disabled={!headerRow || headerRow === report.headerRow}
              onClick={() => file && headerRow && check.mutate({ file, headerRow })} data-testid="import-reread">{t('importCheck.reread')}</Button>
            <Typography.Text type="secondary">{t('importCheck.headerRowHint', { row: report.headerRow })}</Typography.Text>
          </Space>
          <Table rowKey="column" size="small" pagination={false} dataSource={report.columns} data-testid="import-mapping" scroll={{ x: 'max-content' }} columns={[
            { title: t('imports.column'), dataIndex: 'column' },
            { title: t('imports.field'), dataIndex: 'field', render: (_, c) => (
              <Select style={{ width: 220 }} value={mapping[c.column]} onChange={(v) => setMapping({ ...mapping, [c.column]: v })}
                options={fields.map((f) => ({ value: f, label: t(`importField.${f}`) }))} />
            ) },
            { title: t('importCheck.type'), key: 'type', render: (_, c) => {
              const type = typeOf(c.column);
              if (!type || mapping[c.column] !== 'attribute') return null;
              return <Space size={4}><Tag>{t(`importCheck.types.${type.type}`)}</Tag>{type.warnings > 0 && <Tag color="warning">{t('importCheck.misfits', { n: type.warnings })}</Tag>}</Space>;
            } },
          ]} />
          <Space>
            <Button onClick={restart}>{t('common.previous')}</Button>
            <Button type="primary" loading={check.isPending} onClick={() => file && check.mutate({ file, mapping, headerRow: report.headerRow })} data-testid="import-check">{t('imports.check')}</Button>
          </Space>
        </Space>
      )}

      {step === 2 && report && (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-report">
          <Row gutter={[16, 16]}>
            <Col xs={12} sm={8} md={4}><Statistic title={t('imports.rows')} value={number(report.import.totalRows)} /></Col>
            <Col xs={12} sm={8} md={4}><Statistic title={t('imports.valid')} value={number(report.import.validRows)} valueStyle={{ color: '#389e0d' }} /></Col>
            <Col xs={12} sm={8} md={4}><Statistic title={t('importCheck.invalidRows')} value={number(report.import.invalidRows)} valueStyle={{ color: report.import.invalidRows ? '#cf1322' : undefined }} /></Col>
            <Col xs={12} sm={8} md={4}><Statistic title={t('importCheck.duplicateRows')} value={number(report.import.duplicateRows)} valueStyle={{ color: report.import.duplicateRows ? '#d48806' : undefined }} /></Col>
            <Col xs={12} sm={8} md={4}><Statistic title={t('imports.mergeable')} value={number(report.mergeableRows)} /></Col>
            <Col xs={12} sm={8} md={4}><Statistic title={t('importCheck.warnings')} value={number(report.warningCount)} valueStyle={{ color: report.warningCount ? '#d48806' : undefined }} /></Col>
          </Row>
          <Typography.Text type="secondary" data-testid="import-read-from">
            {t('importCheck.readFrom', { row: report.headerRow, blank: report.skipped.blankRows, sums: report.skipped.summaryRows.length })}
          </Typography.Text>
          {(report.errorCount > 0 || report.duplicateCount > 0) && (
            <Alert type="warning" showIcon message={t('importCheck.problems', { errors: report.errorCount, rows: report.import.invalidRows, duplicates: report.import.duplicateRows })}
              action={<Button size="small" icon={<DownloadOutlined />} href={downloadHref('/imports/{importId}/errors.csv', { path: { importId: report.import.id } })} data-testid="import-errors-csv">{t('imports.errorReport')}</Button>} />
          )}
          <Tabs items={[
            { key: 'errors', label: `${t('importCheck.errors')} (${number(report.errorCount)})`, children: (
              <Findings importId={report.import.id} list="errors" total={report.errorCount} first={report.errors} testId="import-errors" columns={[
                { title: t('imports.row'), dataIndex: 'row', width: 80 },
                { title: t('imports.column'), dataIndex: 'column', render: (v) => v ?? '—' },
                { title: t('imports.field'), dataIndex: 'field', render: (v) => t(`importField.${v}`, { defaultValue: v }) },
                { title: t('imports.problem'), dataIndex: 'message' },
              ]} />
            ) },
            { key: 'dups', label: `${t('importCheck.duplicateRows')} (${number(report.duplicateCount)})`, children: (
              <Findings importId={report.import.id} list="duplicates" total={report.duplicateCount} first={report.duplicates} testId="import-duplicates" columns={[
                { title: t('imports.row'), dataIndex: 'row', width: 80 },
                { title: t('imports.field'), dataIndex: 'field', render: (v) => t(`importField.${v}`, { defaultValue: v }) },
                { title: t('identity.value'), dataIndex: 'value' },
                { title: t('imports.existing'), key: 'existing', render: (_, d) => d.existingCustomerId
                  ? <Link to={`/customers/${d.existingCustomerId}`}>{d.existingCustomerNumber ? `${d.existingCustomerNumber} ${d.existingCustomerName}` : t('imports.openExisting')}</Link>
                  : d.duplicateOfRow ? t('imports.sameAsRow', { row: d.duplicateOfRow }) : <Tag>{t('imports.otherUnit')}</Tag> },
                { title: t('imports.problem'), dataIndex: 'message' },
              ]} />
            ) },
            { key: 'warnings', label: `${t('importCheck.warnings')} (${number(report.warningCount)})`, children: (
              <Findings importId={report.import.id} list="warnings" total={report.warningCount} first={report.warnings} testId="import-warnings" columns={[
                { title: t('imports.row'), dataIndex: 'row', width: 80 },
                { title: t('imports.column'), dataIndex: 'column' },
                { title: t('identity.value'), dataIndex: 'value' },
                { title: t('imports.problem'), dataIndex: 'message' },
              ]} />
            ) },
          ]} />
          {report.warningCount > 0 && (
            <Checkbox checked={acceptWarnings} onChange={(e) => setAcceptWarnings(e.target.checked)} data-testid="import-accept-warnings">
              {t('importCheck.acceptWarnings', { n: report.warningCount })}
            </Checkbox>
          )}
          <Card size="small" title={t('imports.mode')}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
              <Space direction="vertical">
                <ModeChoice value="all_or_nothing" label={t('imports.allOrNothing')} hint={t('imports.allOrNothingHint')} />
                <ModeChoice value="valid_only" testId="import-valid-only" label={t('imports.validOnly', { n: report.import.validRows })} hint={t('imports.validOnlyHint')} />
                <ModeChoice value="merge_duplicates" testId="import-merge" disabled={report.mergeableRows === 0}
                  label={t('imports.mergeDuplicates', { n: report.mergeableRows })} hint={t('imports.mergeHint')} />
              </Space>
            </Radio.Group>
          </Card>
          <Space>
            <Button onClick={() => setStep(1)}>{t('imports.changeMapping')}</Button>
            <Button type="primary" loading={commit.isPending} data-testid="import-commit"
              disabled={(report.import.validRows === 0 && !(mode === 'merge_duplicates' && report.mergeableRows > 0)) || (mode === 'all_or_nothing' && (report.errorCount > 0 || report.duplicateCount > 0))
                || (report.warningCount > 0 && !acceptWarnings)}
              onClick={() => commit.mutate()}>{t('imports.commit')}</Button>
          </Space>
        </Space>
      )}

      {step === 3 && committed && (
        <div data-testid="import-done"><Result status={undone === null ? 'success' : 'info'}
          title={undone === null ? t('imports.committed', { n: committed.createdCustomers }) : t('imports.undone', { n: undone.archivedCustomers })}
          subTitle={undone === null
            ? committed.mergedRows > 0 && t('imports.committedMerged', { n: committed.mergedRows, customers: committed.mergedCustomers })
            : undone.unmergedCustomers > 0 && t('imports.undoneMerged', { n: undone.unmergedCustomers, kept: undone.keptAdditions })}
          extra={[
            <Link key="list" to="/customers"><Button type="primary">{t('imports.viewCustomers')}</Button></Link>,
            undone === null && <Button key="undo" icon={<UndoOutlined />} loading={undo.isPending} onClick={() => undo.mutate()}>{t('imports.undo')}</Button>,
            <Button key="again" onClick={restart}>{t('imports.another')}</Button>,
          ]} /></div>
      )}
    </Card>
  );
}

/** One way to import, with what it does in one line beneath. */
function ModeChoice({ value, label, hint, testId, disabled }: { value: Mode; label: string; hint: string; testId?: string; disabled?: boolean }) {
  return (
    <Radio value={value} disabled={disabled} data-testid={testId}>
      <span>{label}</span>
      <br />
      <Typography.Text type="secondary">{hint}</Typography.Text>
    </Radio>
  );
}

/**
 * One of a report's lists, paged by the server: the count above it is the list's length, and
 * every entry can be reached (the report itself carries only the first ones).
 */
function Findings<T extends Item>({ importId, list, total, first, columns, testId }: {
  importId: string; list: FindingList; total: number; first: T[]; columns: ColumnsType<T>; testId: string;
}) {
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['import-findings', importId, list, page],
    queryFn: () => api.GET('/imports/{importId}/findings/{list}', { params: { path: { importId, list }, query: { offset: (page - 1) * pageSize, limit: pageSize } } }),
    enabled: page > 1 || first.length < Math.min(total, pageSize),
    placeholderData: keepPreviousData,
  });
  const items = (page === 1 && !query.data ? first.slice(0, pageSize) : query.data?.items ?? []) as T[];
  return (
    <Table<T> rowKey={(e) => `${e.row}-${'field' in e ? e.field : ''}-${'column' in e ? e.column : ''}`} size="small" dataSource={items} loading={query.isFetching}
      scroll={{ x: 'max-content' }} data-testid={testId} columns={columns}
      pagination={{ current: page, pageSize, total, onChange: setPage, showSizeChanger: false }} />
  );
}
