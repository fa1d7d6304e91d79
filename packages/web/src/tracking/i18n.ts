import type { trackingAudit } from '@xiang/shared/codes/tracking';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 网站数据采集 — the words of the tracking module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { sites: '站点' },
  sites: {
    title: '站点', intro: '在您的网上营业厅、商城或门户的每个页面放入下面这段代码，访客的浏览、搜索和点击就会记录到 CRM。',
    newSite: '登记站点', edit: '修改', editTitle: '修改站点：{{name}}', name: '名称', nameRequired: '请填写站点名称', namePlaceholder: '例如：网上营业厅',
    origins: '允许的来源', originsHelp: '站点页面所在的来源，每行一个，例如 https://shop.example.cn（不带路径）。其他来源发送的数据会被拒绝。',
    originsRequired: '请至少填写一个来源', searchParam: '搜索参数', searchParamHelp: '站内搜索结果页地址中表示搜索词的参数，例如 /search?q=5G 中的 q。',
    consent: '用户同意', consentNone: '无需同意：立即记录', consentRequired: '需要同意：页面调用 xiang.consent(true) 之前只匿名计数',
    active: '启用', inactive: '已停用', state: '状态', key: '站点密钥', snippet: '页面代码', copySnippet: '复制代码', copied: '已复制',
    created: '已登记站点：{{name}}', saved: '已保存：{{name}}', empty: '还没有站点', emptyHint: '登记一个站点，复制它的代码放到网页中。',
    switchOff: '停用', switchOn: '启用', save: '保存', cancel: '取消',
  },
  ...({
    auditAction: { 'site.created': '登记站点', 'site.changed': '修改站点' },
    auditEntity: { site: '站点' },
  } satisfies AuditLabels<typeof trackingAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { sites: 'Sites' },
  sites: {
    title: 'Sites', intro: 'Put the snippet below on every page of your online business hall, shop or portal: what visitors view, search and click is recorded in the CRM.',
    newSite: 'Register a site', edit: 'Edit', editTitle: 'Edit site: {{name}}', name: 'Name', nameRequired: 'Give the site a name', namePlaceholder: 'e.g. Online business hall',
    origins: 'Allowed origins', originsHelp: 'Where the site\'s pages are served from, one a line, e.g. https://shop.example.cn (no path). Data sent from any other origin is refused.',
    originsRequired: 'Name at least one origin', searchParam: 'Search parameter', searchParamHelp: 'The parameter of the site\'s search results address that holds the search words, e.g. q in /search?q=5G.',
    consent: 'Consent', consentNone: 'Not asked: tracked at once', consentRequired: 'Required: only counted anonymously until the page calls xiang.consent(true)',
    active: 'Active', inactive: 'Switched off', state: 'State', key: 'Site key', snippet: 'Snippet', copySnippet: 'Copy snippet', copied: 'Copied',
    created: 'Site registered: {{name}}', saved: 'Saved: {{name}}', empty: 'No sites yet', emptyHint: 'Register a site and put its snippet on your pages.',
    switchOff: 'Switch off', switchOn: 'Switch on', save: 'Save', cancel: 'Cancel',
  },
  auditAction: { 'site.created': 'Site registered', 'site.changed': 'Site changed' },
  auditEntity: { site: 'Site' },
};

export const trackingMessages = { 'zh-CN': zhCN, en };
