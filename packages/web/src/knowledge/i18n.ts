import type { knowledgeAudit } from '@xiang/shared/codes/knowledge';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 知识库 — the words of the knowledge module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { knowledge: '知识库' },
  knowledge: {
    title: '知识库', newArticle: '新建文章', search: '搜索标题、标签或正文', category: '分类', audience: '可见范围', status: '状态',
    anyCategory: '全部分类', anyAudience: '全部范围', anyStatus: '全部状态', empty: '没有符合条件的文章', emptySearch: '没有找到包含“{{q}}”的文章，换个说法试试',
    more: '加载更多', updated: '{{at}} · {{by}}', version: '第 {{n}} 版', back: '返回知识库',
    titleLabel: '标题', titleRequired: '请填写标题', body: '正文', bodyHelp: '纯文本，可用简单的 Markdown（# 标题、- 列表）；不会按 HTML 显示。', bodyRequired: '请填写正文',
    tags: '标签', tagsHelp: '回车添加，例如：光猫、断网', save: '保存', saved: '已保存为第 {{n}} 版', unchanged: '没有改动', created: '已新建文章',
    edit: '编辑', cancel: '取消', versions: '历史版本', restore: '恢复此版本', restoreHelp: '恢复标题、正文、分类和标签，作为新的一版；可见范围和状态保持不变。', restored: '已恢复第 {{from}} 版，现为第 {{n}} 版',
    restoredFrom: '恢复自第 {{n}} 版', viewVersion: '查看', current: '当前', conflict: '保存失败：{{message}}', reload: '重新加载',
    publicLink: '客户链接', internalNote: '内部文章，仅员工可见', organisationWide: '文章属于全公司，各单位员工都能看到。',
    suggested: '相关知识', suggestedHelp: '根据工单标题和描述找到的已发布文章', noSuggestions: '没有找到相关文章', insert: '插入回复', inserted: '已插入回复框',
    copy: '复制', copied: '已复制',
  },
  knowledgeCategory: {
    broadband: '宽带与光猫', mobile: '手机与 5G', plans: '套餐与资费', billing: '话费与账单', numbers: '号码业务', roaming: '国际漫游',
    tv: 'IPTV 与智慧家庭', enterprise: '政企业务', account: '账户与实名', other: '其他',
  },
  articleAudience: { internal: '内部', public: '公开' },
  articleStatus: { draft: '草稿', published: '已发布', archived: '已归档' },
  ...({
    auditAction: { 'article.created': '新建知识库文章', 'article.revised': '修改知识库文章', 'article.restored': '恢复知识库文章版本' },
    auditEntity: { article: '知识库文章' },
  } satisfies AuditLabels<typeof knowledgeAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { knowledge: 'Knowledge' },
  knowledge: {
    title: 'Knowledge base', newArticle: 'New article', search: 'Search titles, tags or text', category: 'Category', audience: 'Audience', status: 'Status',
    anyCategory: 'Every category', anyAudience: 'Every audience', anyStatus: 'Every status', empty: 'No articles match', emptySearch: 'No article has "{{q}}"; try other words',
    more: 'Load more', updated: '{{at}} · {{by}}', version: 'Version {{n}}', back: 'Back to the knowledge base',
    titleLabel: 'Title', titleRequired: 'Write a title', body: 'Text', bodyHelp: 'Plain text, or simple Markdown (# heading, - list); never shown as HTML.', bodyRequired: 'Write the text',
    tags: 'Tags', tagsHelp: 'Press Enter to add, e.g. modem, outage', save: 'Save', saved: 'Saved as version {{n}}', unchanged: 'Nothing changed', created: 'Article created',
    edit: 'Edit', cancel: 'Cancel', versions: 'Versions', restore: 'Restore this version', restoreHelp: 'Brings back the title, text, category and tags as a new version; audience and status stay as they are.', restored: 'Version {{from}} restored as version {{n}}',
    restoredFrom: 'Restored from version {{n}}', viewVersion: 'View', current: 'Current', conflict: 'Not saved: {{message}}', reload: 'Reload',
    publicLink: 'Link for customers', internalNote: 'Internal: staff only', organisationWide: 'Articles belong to the whole organisation: staff of every unit see them.',
    suggested: 'Suggested articles', suggestedHelp: 'Published articles found by the ticket\'s title and description', noSuggestions: 'No related articles found', insert: 'Insert in reply', inserted: 'Inserted in the reply box',
    copy: 'Copy', copied: 'Copied',
  },
  knowledgeCategory: {
    broadband: 'Broadband and modems', mobile: 'Mobile and 5G', plans: 'Plans and tariffs', billing: 'Bills and charges', numbers: 'Numbers and porting', roaming: 'Roaming',
    tv: 'IPTV and smart home', enterprise: 'Enterprise services', account: 'Accounts and ID', other: 'Other',
  },
  articleAudience: { internal: 'Internal', public: 'Public' },
  articleStatus: { draft: 'Draft', published: 'Published', archived: 'Archived' },
  auditAction: { 'article.created': 'Knowledge article created', 'article.revised': 'Knowledge article revised', 'article.restored': 'Knowledge article version restored' },
  auditEntity: { article: 'Knowledge article' },
};

export const knowledgeMessages = { 'zh-CN': zhCN, en };
