import type { trackingAudit } from '@xiang/shared/codes/tracking';
import type { AuditLabels, Shape } from '../i18n/shape.ts';
import { ordersEn, ordersTimelineEn, ordersTimelineZh, ordersZh } from './orders-i18n.ts';
import { mergeWords } from '../i18n/merge.ts';
import { surveyAuditLabels, surveyMessages } from './surveys-i18n.ts';
import { reportsMessages } from './reports-i18n.ts';

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
    identity: '身份密钥（识别已登录访客）',
    identityHelp: '只保存在站点自己的服务器上，切勿放进网页。访客登录后，服务器读取本站 Cookie xiang_vid（访客 ID），用密钥对“类型:值:访客ID:失效时间”（如 phone:13807310001:访客ID:1767000000000，失效时间为毫秒时间戳，最长 24 小时）计算 HMAC-SHA256，取十六进制结果作为签名；页面调用 xiang.identify(类型, 值, 签名, 失效时间)。签名只对该访客、在失效前有效，复制到别的浏览器无效。类型可为 phone、email、member_id 等客户身份类型。',
    showSecret: '显示密钥', rotate: '更换密钥', rotateConfirm: '更换后旧密钥立即失效，站点服务器须改用新密钥签名。确定更换？',
    rotated: '已更换身份密钥', rotateFailed: '未能更换密钥，请重试',
    openVisitors: '访客与实时', back: '返回站点列表',
  },
  visitors: {
    title: '访客', all: '全部', returning: '回访访客', firstTime: '首次访客', identified: '已识别', anonymous: '匿名',
    visitorType: '访客类型', identity: '身份', period: '最后访问时间',
    periodDays: { 1: '最近 24 小时', 7: '最近 7 天', 30: '最近 30 天', 90: '最近 90 天' },
    visitor: '访客', customer: '客户', identifiedHidden: '已识别（不在您的管辖范围内）', firstSeen: '首次访问', lastSeen: '最后访问',
    sessions: '会话数', pageViews: '浏览数', landing: '着陆页', source: '来源', direct: '直接访问', more: '加载更多',
    empty: '这段时间还没有访客',
    emptyHint: '把站点代码放到站点的每个页面（见站点列表中的“页面代码”），访客浏览后会显示在这里；爬虫不计为访客。',
  },
  live: {
    title: '实时', lastHalfHour: '最近 30 分钟', today: '今天（北京时间）', activeNow: '当前在线（5 分钟内）',
    events: '事件', pageViews: '浏览', visitors: '访客', botEvents: '爬虫事件', refreshed: '每 10 秒刷新 · {{at}}',
  },
  webActivity: {
    tab: '网上行为', empty: '还没有该客户的网上行为',
    emptyHint: '在站点页面放入站点代码，并在客户登录后由站点服务器签名、页面调用 xiang.identify(类型, 值, 签名, 失效时间)，此后的访问（连同此前的浏览）会显示在这里。',
    more: '加载更多', landing: '着陆页', referrer: '来源页', campaign: '推广来源（UTM）',
    pageViews: '{{count}} 次浏览', events: '{{count}} 个事件',
    type: { pageview: '浏览', search: '搜索', click: '点击', custom: '自定义' },
  },
  ...ordersZh,
  timelineType: { 'web.identified': '网站识别身份', ...ordersTimelineZh },
  ...({
    auditAction: { 'site.created': '登记站点', 'site.changed': '修改站点', 'site.identity_secret_rotated': '更换站点身份密钥', 'order.recorded': '记录网上订单', 'registration.recorded': '记录网上注册', ...surveyAuditLabels['zh-CN'].auditAction },
    auditEntity: { site: '站点', order: '网上订单', ...surveyAuditLabels['zh-CN'].auditEntity },
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
    identity: 'Identity secret (recognising signed-in visitors)',
    identityHelp: 'Keep it on the site\'s own server only, never in a page. When a visitor signs in, the server reads the site\'s xiang_vid cookie (the visitor id) and computes HMAC-SHA256 of "kind:value:visitorId:expiresAt" (e.g. phone:13807310001:<visitor id>:1767000000000, the expiry in ms, at most 24 hours ahead) with it, hex-encoded, as the signature; the page calls xiang.identify(kind, value, signature, expiresAt). The signature is good for that visitor only, until it expires: copied into another browser it names nobody. Kinds are the customer identity kinds: phone, email, member_id …',
    showSecret: 'Show secret', rotate: 'Rotate secret', rotateConfirm: 'The old secret stops working at once: the site\'s server must sign with the new one. Rotate?',
    rotated: 'Identity secret rotated', rotateFailed: 'The secret could not be rotated; try again',
    openVisitors: 'Visitors and live', back: 'Back to the sites',
  },
  visitors: {
    title: 'Visitors', all: 'All', returning: 'Returning', firstTime: 'First-time', identified: 'Identified', anonymous: 'Anonymous',
    visitorType: 'Visitor type', identity: 'Identity', period: 'Last seen',
    periodDays: { 1: 'Last 24 hours', 7: 'Last 7 days', 30: 'Last 30 days', 90: 'Last 90 days' },
    visitor: 'Visitor', customer: 'Customer', identifiedHidden: 'Identified (outside your units)', firstSeen: 'First seen', lastSeen: 'Last seen',
    sessions: 'Sessions', pageViews: 'Page views', landing: 'Landing page', source: 'Source', direct: 'Direct', more: 'Load more',
    empty: 'No visitors in this period yet',
    emptyHint: 'Put the site\'s snippet on every page of the site (see "Snippet" in the sites list): visitors show here once they browse. Crawlers are never counted as visitors.',
  },
  live: {
    title: 'Live', lastHalfHour: 'Last 30 minutes', today: 'Today (Beijing time)', activeNow: 'Active now (last 5 minutes)',
    events: 'Events', pageViews: 'Page views', visitors: 'Visitors', botEvents: 'Crawler events', refreshed: 'Refreshed every 10 s · {{at}}',
  },
  webActivity: {
    tab: 'Web activity', empty: 'No web activity for this customer yet',
    emptyHint: 'Put the site\'s snippet on its pages; when the customer signs in, have the site\'s server sign their identity and the page call xiang.identify(kind, value, signature, expiresAt). Their visits, earlier ones included, then show here.',
    more: 'Load more', landing: 'Landing page', referrer: 'Referrer', campaign: 'Campaign (UTM)',
    pageViews: '{{count}} page views', events: '{{count}} events',
    type: { pageview: 'Page view', search: 'Search', click: 'Click', custom: 'Custom' },
  },
  ...ordersEn,
  timelineType: { 'web.identified': 'Identified on a site', ...ordersTimelineEn },
  auditAction: { 'site.created': 'Site registered', 'site.changed': 'Site changed', 'site.identity_secret_rotated': 'Site identity secret rotated', 'order.recorded': 'Online order recorded', 'registration.recorded': 'Web registration recorded', ...surveyAuditLabels.en.auditAction },
  auditEntity: { site: 'Site', order: 'Online order', ...surveyAuditLabels.en.auditEntity },
};

// 问卷、报表 — the surveys' and the reports' words live in files of their own, merged as the console merges modules'.
export const trackingMessages = {
  'zh-CN': mergeWords('zh-CN', zhCN, [surveyMessages['zh-CN'], reportsMessages['zh-CN']]),
  en: mergeWords('en', en, [surveyMessages.en, reportsMessages.en]),
};
