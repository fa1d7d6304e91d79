// 知识库 — the knowledge module's audit codes.
export const knowledgeAudit = {
  actions: ['article.created', 'article.revised', 'article.restored'],
  entities: ['article'],
} as const;
