// 导入 — the file import's audit codes.
export const importAudit = {
  actions: ['customer.imported', 'customer.import_undone', 'customer.import_merged', 'customer.import_merge_undone', 'customer_import.checked'],
  entities: ['customer_import'],
} as const;
