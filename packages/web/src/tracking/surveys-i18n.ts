import type { Shape } from '../i18n/shape.ts';

/**
 * 问卷 — the surveys' words, merged into the tracking module's (i18n.ts); en has the same keys. The
 * timeline's `survey.answered` is labelled in the console's central words (the demo's entries use it too).
 */
const zhCN = {
  menu: { surveys: '问卷' },
  surveys: {
    title: '问卷', intro: '在站点上收集访客的看法：最多 10 道题（单选、多选、评分、文字），通过链接或站点代码展示；已识别访客的回答会记入客户时间线。',
    newSurvey: '新建问卷', site: '站点', allSites: '全部站点', empty: '还没有问卷', emptyHint: '新建一份问卷，开放后把链接发给客户，或在站点页面调用代码展示。',
    noSites: '请先登记一个站点：问卷属于站点。', responses: '{{count}} 份答卷', questions: '{{count}} 道题',
    status: { draft: '草稿', open: '进行中', closed: '已关闭' },
    open: '开放', close: '关闭', reopen: '重新开放', edit: '修改', results: '结果', opened: '问卷已开放：{{title}}', closed: '问卷已关闭：{{title}}',
    closeConfirm: '关闭后不再接受回答（可重新开放）。确定关闭？',
    link: '问卷链接', snippet: '站点代码（在已放入站点代码的页面上调用）', copy: '复制', copied: '已复制',
    draftHint: '开放后才能通过链接或代码回答。', back: '返回问卷列表',
  },
  surveyEditor: {
    newTitle: '新建问卷', editTitle: '修改问卷：{{title}}', site: '站点', siteRequired: '请选择站点', title: '标题', titleRequired: '请填写问卷标题',
    titlePlaceholder: '例如：营业厅服务满意度调查', intro: '开头说明', introPlaceholder: '例如：占用您一分钟，帮助我们改进服务。',
    thanks: '感谢语', thanksPlaceholder: '提交后显示，例如：感谢您的反馈！', questions: '题目（{{count}}/10）',
    question: '第 {{n}} 题', questionTitle: '题目', questionTitleRequired: '请填写题目', kind: '题型', required: '必答',
    kinds: { single: '单选', multiple: '多选', rating: '评分', text: '文字' },
    scale: '评分方式', scales: { stars: '1–5 分（满意度）', nps: '0–10 分（推荐意愿，计算 NPS）' },
    options: '选项（{{count}}/20）', option: '选项 {{n}}', optionRequired: '请填写选项', addOption: '添加选项', addQuestion: '添加题目',
    remove: '删除', moveUp: '上移', moveDown: '下移', save: '保存', cancel: '取消', created: '已新建问卷：{{title}}', saved: '已保存：{{title}}',
    locked: '该问卷已有答卷，题目不能再修改（否则会改变已有答案的含义）；标题、说明和感谢语仍可修改。如需不同的题目，请新建一份问卷。',
    needOptions: '选择题至少需要两个选项',
  },
  surveyResults: {
    responses: '答卷数', period: '时间段', periods: { 7: '最近 7 天', 30: '最近 30 天', 90: '最近 90 天', all: '全部' },
    answered: '{{count}} 人作答', average: '平均分', nps: 'NPS（净推荐值）', noAnswers: '这段时间还没有答卷',
    noAnswersHint: '开放问卷后，把链接发给客户或在站点上展示，答卷会显示在这里。', textEmpty: '还没有文字回答', more: '加载更多',
    identified: '已识别客户', anonymous: '匿名', count: '人数', score: '{{score}} 分',
  },
};

const en: Shape<typeof zhCN> = {
  menu: { surveys: 'Surveys' },
  surveys: {
    title: 'Surveys', intro: 'Ask your sites\' visitors what they think: up to 10 questions (single or multiple choice, rating, text), shown through a link or the site\'s script; an identified visitor\'s answer goes on the customer\'s timeline.',
    newSurvey: 'New survey', site: 'Site', allSites: 'All sites', empty: 'No surveys yet', emptyHint: 'Build a survey, open it, then send its link to customers or show it on a site\'s pages.',
    noSites: 'Register a site first: a survey belongs to a site.', responses: '{{count}} responses', questions: '{{count}} questions',
    status: { draft: 'Draft', open: 'Open', closed: 'Closed' },
    open: 'Open', close: 'Close', reopen: 'Open again', edit: 'Edit', results: 'Results', opened: 'Survey opened: {{title}}', closed: 'Survey closed: {{title}}',
    closeConfirm: 'A closed survey takes no more answers (it can be opened again). Close it?',
    link: 'Survey link', snippet: 'Site script (call it on pages that carry the site\'s snippet)', copy: 'Copy', copied: 'Copied',
    draftHint: 'Open the survey to have it answered through its link or the script.', back: 'Back to the surveys',
  },
  surveyEditor: {
    newTitle: 'New survey', editTitle: 'Edit survey: {{title}}', site: 'Site', siteRequired: 'Choose a site', title: 'Title', titleRequired: 'Give the survey a title',
    titlePlaceholder: 'e.g. Satisfaction with our business hall', intro: 'Introduction', introPlaceholder: 'e.g. One minute of your time helps us serve you better.',
    thanks: 'Thank-you text', thanksPlaceholder: 'Shown after submitting, e.g. Thank you for your feedback!', questions: 'Questions ({{count}}/10)',
    question: 'Question {{n}}', questionTitle: 'Question', questionTitleRequired: 'Write the question', kind: 'Type', required: 'Required',
    kinds: { single: 'Single choice', multiple: 'Multiple choice', rating: 'Rating', text: 'Text' },
    scale: 'Scale', scales: { stars: '1–5 (satisfaction)', nps: '0–10 (likelihood to recommend, NPS)' },
    options: 'Options ({{count}}/20)', option: 'Option {{n}}', optionRequired: 'Write the option', addOption: 'Add option', addQuestion: 'Add question',
    remove: 'Remove', moveUp: 'Move up', moveDown: 'Move down', save: 'Save', cancel: 'Cancel', created: 'Survey created: {{title}}', saved: 'Saved: {{title}}',
    locked: 'This survey has responses, so its questions can no longer change (that would change what the answers mean); the title, introduction and thank-you text still can. For other questions, build a new survey.',
    needOptions: 'A choice question needs at least two options',
  },
  surveyResults: {
    responses: 'Responses', period: 'Period', periods: { 7: 'Last 7 days', 30: 'Last 30 days', 90: 'Last 90 days', all: 'All time' },
    answered: '{{count}} answered', average: 'Average', nps: 'NPS (net promoter score)', noAnswers: 'No responses in this period yet',
    noAnswersHint: 'Open the survey, then send its link to customers or show it on a site: responses show here.', textEmpty: 'No text answers yet', more: 'Load more',
    identified: 'Identified customer', anonymous: 'Anonymous', count: 'People', score: '{{score}} points',
  },
};

export const surveyMessages = { 'zh-CN': zhCN, en };

/** The labels of the survey audit codes, taken into the module's typed labels (i18n.ts). */
export const surveyAuditLabels = {
  'zh-CN': { auditAction: { 'survey.created': '新建问卷', 'survey.changed': '修改问卷', 'survey.opened': '开放问卷', 'survey.closed': '关闭问卷' }, auditEntity: { survey: '问卷' } },
  en: { auditAction: { 'survey.created': 'Survey created', 'survey.changed': 'Survey changed', 'survey.opened': 'Survey opened', 'survey.closed': 'Survey closed' }, auditEntity: { survey: 'Survey' } },
};
