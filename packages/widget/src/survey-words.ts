/** 问卷表单的文字 — the form's own words in the visitor's language (zh-CN unless the page or browser says English). */
export const surveyWords = {
  zh: {
    submit: '提交', sending: '正在提交…', close: '关闭', required: '必答题', missing: '请回答：{title}',
    thanks: '感谢您的反馈！', closed: '该问卷已结束，感谢关注。', failed: '提交未成功，请稍后重试。', offline: '网络不可用，请连接后再次提交。',
    npsEnds: ['0 = 完全不可能', '10 = 非常可能'], starsEnds: ['1 = 很不满意', '5 = 非常满意'],
  },
  en: {
    submit: 'Submit', sending: 'Sending…', close: 'Close', required: 'Required', missing: 'Please answer: {title}',
    thanks: 'Thank you for your feedback!', closed: 'This survey has ended. Thank you for your interest.', failed: 'Your answers were not sent; please try again shortly.',
    offline: 'No network: connect and submit again.',
    npsEnds: ['0 = not at all likely', '10 = extremely likely'], starsEnds: ['1 = very dissatisfied', '5 = very satisfied'],
  },
};
export type SurveyWords = (typeof surveyWords)['zh'];
