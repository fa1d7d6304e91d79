import type { Shape } from '../i18n/shape.ts';

/** 网站分析报表 — the words of the site reports, merged into the tracking module's. */
const zhCN = {
  reports: {
    title: '分析报表：{{name}}', open: '分析报表', back: '返回站点', period: '期间', last7: '最近 7 天', last30: '最近 30 天', last90: '最近 90 天', custom: '自定义',
    periodLine: '{{from}} 至 {{to}}（{{timeZone}}），只计真人访客，不含爬虫',
    pageViews: '浏览量', visitors: '访客', sessions: '会话', bounceRate: '跳出率', averageSession: '平均会话时长',
    seconds: '{{count}} 秒', minutes: '{{minutes}} 分 {{seconds}} 秒',
    empty: '这段时间还没有访问', emptyHint: '把站点代码放到站点的每个页面，访客浏览后这里就有数据；换一个期间试试。',
    chartByDay: '每日趋势', chartByHour: '每小时趋势',
    tables: '明细表',
    tabs: { top: '热门页面', entry: '入口页', exit: '退出页', sources: '来源', campaigns: '推广活动', searches: '站内搜索' },
    path: '页面', host: '来源', direct: '直接访问', source: '来源（utm_source）', medium: '媒介（utm_medium）', campaign: '活动（utm_campaign）',
    query: '搜索词', searches: '搜索次数', noRows: '这段时间没有记录',
    funnel: {
      title: '漏斗', intro: '按顺序列出 2 至 8 个步骤：页面（路径，* 代表任意字符，如 /plans/*）或自定义事件名称。',
      step: '步骤 {{n}}', kind: '类型', page: '页面', event: '事件', pattern: '页面路径，如 /cart', name: '事件名称，如 add_to_cart',
      add: '添加步骤', remove: '删除步骤 {{n}}', within: '完成范围', inSession: '同一会话内', inDays: '首个步骤后若干天内', days: '天数',
      run: '计算漏斗', fill: '请填写每个步骤', reached: '到达', dropOff: '流失', conversion: '转化率', notRun: '填写步骤后点击“计算漏斗”',
      windowSession: '每个步骤都在同一会话内、按顺序完成', windowDays: '从访客在期间内第一次完成步骤 1 起 {{days}} 天内，按顺序完成',
    },
    retention: {
      title: '留存', byWeek: '按周', byDay: '按天', cohort: '首次访问', newVisitors: '新访客', offsetDay: '第 {{n}} 天', offsetWeek: '第 {{n}} 周',
      empty: '这段时间没有新访客', hint: '每行是期间内首次访问的访客，各列是其后第几天（周）再次访问的比例。',
    },
    paths: {
      title: '路径', from: '从页面', fromPlaceholder: '页面路径，如 /plans（留空看最常见的三步路径）', next: '下一页', ended: '（离开）',
      pages: '路径', times: '次数', go: '查看',
    },
  },
};

const en: Shape<typeof zhCN> = {
  reports: {
    title: 'Reports: {{name}}', open: 'Reports', back: 'Back to the site', period: 'Period', last7: 'Last 7 days', last30: 'Last 30 days', last90: 'Last 90 days', custom: 'Custom',
    periodLine: '{{from}} to {{to}} ({{timeZone}}); people only, crawlers never counted',
    pageViews: 'Page views', visitors: 'Visitors', sessions: 'Sessions', bounceRate: 'Bounce rate', averageSession: 'Average session',
    seconds: '{{count}} s', minutes: '{{minutes}} min {{seconds}} s',
    empty: 'No visits in this period', emptyHint: 'Put the site\'s snippet on every page of the site: figures show here once visitors browse. Or try another period.',
    chartByDay: 'By day', chartByHour: 'By hour',
    tables: 'Tables',
    tabs: { top: 'Top pages', entry: 'Entry pages', exit: 'Exit pages', sources: 'Sources', campaigns: 'Campaigns', searches: 'Site search' },
    path: 'Page', host: 'Source', direct: 'Direct', source: 'Source (utm_source)', medium: 'Medium (utm_medium)', campaign: 'Campaign (utm_campaign)',
    query: 'Search words', searches: 'Searches', noRows: 'Nothing recorded in this period',
    funnel: {
      title: 'Funnel', intro: 'List 2 to 8 steps in order: a page (a path, * for any characters, e.g. /plans/*) or a custom event\'s name.',
      step: 'Step {{n}}', kind: 'Kind', page: 'Page', event: 'Event', pattern: 'Page path, e.g. /cart', name: 'Event name, e.g. add_to_cart',
      add: 'Add a step', remove: 'Remove step {{n}}', within: 'Completed', inSession: 'In one session', inDays: 'Within days of step 1', days: 'Days',
      run: 'Show the funnel', fill: 'Fill in every step', reached: 'Reached', dropOff: 'Dropped off', conversion: 'Conversion', notRun: 'Fill in the steps and choose "Show the funnel"',
      windowSession: 'Every step in one session, in order', windowDays: 'In order, within {{days}} days of the visitor\'s first step 1 in the period',
    },
    retention: {
      title: 'Retention', byWeek: 'By week', byDay: 'By day', cohort: 'First visit', newVisitors: 'New visitors', offsetDay: 'Day {{n}}', offsetWeek: 'Week {{n}}',
      empty: 'No new visitors in this period', hint: 'Each row is the visitors first seen then; each column the share of them who came back that many days (weeks) later.',
    },
    paths: {
      title: 'Paths', from: 'From page', fromPlaceholder: 'Page path, e.g. /plans (empty: the commonest three pages in a row)', next: 'Next page', ended: '(left)',
      pages: 'Path', times: 'Times', go: 'Show',
    },
  },
};

export const reportsMessages = { 'zh-CN': zhCN, en };
