import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Input, Space, Tag, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { unitName } from '../ui/format.ts';

function useDebounced<T>(value: T, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => { const id = setTimeout(() => setDebounced(value), ms); return () => clearTimeout(id); }, [value, ms]);
  return debounced;
}

/** Find a customer by phone, name or number from anywhere: "/" or Ctrl+K puts the cursor here. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => api.GET('/customers', { params: { query: { q, limit: 8 } } }),
    enabled: q.length > 0,
    staleTime: 10_000,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const isTyping = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !isTyping)) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const options = (results.data?.items ?? []).map((c) => ({
    value: c.id,
    label: (
      <Space style={{ width: '100%', justifyContent: 'space-between' }} data-testid="search-result">
        <span>
          <Typography.Text strong>{c.name}</Typography.Text>{' '}
          {c.tier === 'key' && <Tag color="gold">{t('tier.key')}</Tag>}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.number} · {unitName(c)}</Typography.Text>
      </Space>
    ),
  }));

  return (
    <AutoComplete
      style={{ width: '100%', maxWidth: 380 }}
      value={text}
      options={options}
      onSearch={setText}
      onChange={(v) => setText(v)}
      onSelect={(id: string) => { setText(''); input.current?.blur(); navigate(`/customers/${id}`); }}
      notFoundContent={q && !results.isFetching && results.data ? t('search.none') : null}
      popupMatchSelectWidth={Math.min(440, window.innerWidth - 24)}
    >
      <Input ref={input} prefix={<SearchOutlined />} allowClear placeholder={t('search.placeholder')} data-testid="global-search"
        suffix={<Typography.Text keyboard type="secondary" style={{ fontSize: 11 }}>Ctrl K</Typography.Text>} />
    </AutoComplete>
  );
}
