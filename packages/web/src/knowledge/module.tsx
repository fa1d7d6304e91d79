import { lazy } from 'react';
import { BookOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { knowledgeMessages } from './i18n.ts';

/** 知识库 — the articles, searched in Chinese or not; one article with its versions; a new one. */
export const knowledgeModule: ConsoleModule = {
  pages: [
    { path: 'knowledge', page: lazy(() => import('./KnowledgePage.tsx')), permission: 'knowledge.read' },
    { path: 'knowledge/new', page: lazy(() => import('./ArticlePage.tsx')), permission: 'knowledge.write' },
    { path: 'knowledge/:id', page: lazy(() => import('./ArticlePage.tsx')), permission: 'knowledge.read' },
  ],
  messages: knowledgeMessages,
  menu: [{ path: '/knowledge', icon: <BookOutlined />, label: 'menu.knowledge', permission: 'knowledge.read' }],
};
