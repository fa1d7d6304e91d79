import { knowledgeEvents } from '@xiang/shared';
import { knowledgeAudit } from '@xiang/shared/codes/knowledge';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { knowledgeRoutes } from './routes.ts';

// 知识库 — every staff role reads (analysts too: they read what the desk answers); the people who
// answer customers and their leads write: administrators, managers and service agents.
const actions = defineActions({
  'knowledge.read': roles,
  'knowledge.write': ['admin', 'manager', 'service_agent'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { article: true } }

/**
 * 知识库 — articles with versions and a search that works on Chinese; public ones for customers,
 * suggested on a ticket from its words. The whole organisation's, not a unit's.
 */
export const knowledgeModule = defineModule({
  name: 'knowledge',
  events: knowledgeEvents,
  audit: knowledgeAudit,
  routes: knowledgeRoutes,
  actions,
  recordNames: { Article: '知识库文章', ArticleVersion: '文章版本' },
});
