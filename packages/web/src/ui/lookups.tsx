import { Select, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { OrgUnitT, Query } from '../api/types.ts';
import { localName } from './format.ts';

export function useOrgUnits() {
  return useQuery({ queryKey: ['org-units'], queryFn: () => api.GET('/org-units').then((r) => r.items), staleTime: 5 * 60_000 });
}

/** 产品目录 — the products on file, for choosing one (a new service, an SLA policy's reach). */
export function useProducts() {
  return useQuery({ queryKey: ['products'], queryFn: () => api.GET('/products').then((r) => r.items), staleTime: 5 * 60_000 });
}

export function useUsers(filter: Query<'/users'> = {}) {
  return useQuery({ queryKey: ['users', filter], queryFn: () => api.GET('/users', { params: { query: filter } }).then((r) => r.items), staleTime: 60_000 });
}

export interface UnitNode { key: string; value: string; title: string; unit: OrgUnitT; children: UnitNode[] }

/** The organisation as a tree; the caller's own unit is the root they see. */
export function unitTree(units: OrgUnitT[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, {
    key: u.id, value: u.id, title: localName(u.name, u.nameEn), unit: u, children: [] as UnitNode[],
  }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node); else roots.push(node);
  }
  return roots;
}

export function UnitSelect(props: { value?: string; onChange?: (v: string | undefined) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  return (
    <TreeSelect aria-label={props.placeholder ?? t('customers.unit')} {...props} treeData={unitTree(units.data ?? [])} loading={units.isLoading} treeDefaultExpandAll
      showSearch treeNodeFilterProp="title" placeholder={props.placeholder ?? t('customers.unit')} popupMatchSelectWidth={320} />
  );
}

export function UserSelect(props: { value?: string | null; onChange?: (v: string | undefined) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties; role?: Query<'/users'>['role']; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const { role, ...rest } = props;
  const users = useUsers(role ? { role } : {});
  return (
    <Select aria-label={props.placeholder ?? t('customers.owner')} {...rest} value={rest.value ?? undefined} showSearch optionFilterProp="label" loading={users.isLoading}
      placeholder={props.placeholder ?? t('customers.owner')}
      options={(users.data ?? []).filter((u) => !u.isDisabled).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} />
  );
}
