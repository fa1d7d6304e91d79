import { z } from 'zod';
import type { Language } from './messages.ts';

/**
 * Schema validation told in Chinese. The schemas (packages/shared) write their own messages in
 * English, translated here by their text; zod's built-in messages come from its zh-CN locale.
 */
const schemaMessagesZh: Record<string, string> = {
  'Use a date like 2024-05-31.': '请使用 2024-05-31 格式的日期。',
  'At most 50 custom attributes.': '自定义属性最多 50 个。',
  'A name is required.': '请填写名称。',
  'Give a new owner, a new unit, or both.': '请选择新的客户经理、新的单位，或两者都选。',
  'A customer cannot be merged into itself.': '客户不能与自己合并。',
  'A payment is more than zero.': '缴费金额必须大于零。',
  'Use letters, digits, - and _ only.': '只能使用字母、数字、- 和 _。',
  'At most 300 columns.': '最多 300 列。',
  'The mapping is not valid JSON.': '列对应关系不是有效的 JSON。',
  'Use at least 10 characters.': '密码至少 10 个字符。',
  'Use lower-case letters, digits, dot, - and _.': '只能使用小写字母、数字、点、- 和 _。',
  'Use a date like 2024-05-31 or a time like 2024-05-31T09:30:00+08:00.': '请使用 2024-05-31 格式的日期或 2024-05-31T09:30:00+08:00 格式的时间。',
  'There is no such day: use a real date between 1900-01-01 and 9999-12-31.': '日历上没有这一天，请填写 1900-01-01 至 9999-12-31 之间真实存在的日期。',
  'There is no such time: hours 00–23, minutes and seconds 00–59, offset up to ±14:00.': '没有这个时间：小时为 00–23，分钟和秒为 00–59，时区偏移不超过 ±14:00。',
  'Say which time zone the time is in: end it with Z (UTC) or an offset such as +08:00.': '请注明时间所在的时区：在末尾加上 Z（UTC）或 +08:00 这样的偏移。',
  'Use lower-case words joined by _ or .': '请使用以 _ 或 . 连接的小写单词。',
  'Write a summary.': '请填写摘要。',
  'The payload is over 20 KB.': '附加数据超过 20 KB。',
  'Write what is to be done.': '请填写待办事项。',
  'A reminder comes before the due time or at it.': '提醒时间不能晚于截止时间。',
  // points
  'Points are whole numbers.': '积分须为整数。',
  'An adjustment adds or takes away at least one point.': '调整的积分不能为 0。',
  'Say why the points change.': '请说明调整积分的原因。',
  // knowledge
  'Each tag once.': '每个标签只能填写一次。',
  'Search for at least one letter, digit or Chinese character.': '请至少输入一个字母、数字或汉字再搜索。',
  // service
  'At least one minute.': '至少一分钟。',
  'At most a year.': '最多一年。',
  'The first response is due before the resolution, or with it.': '首次响应时限不能长于解决时限。',
  // tracking
  'Write an origin as the browser sends it: https://shop.example.cn (scheme, host and port; no path, no slash at the end, lower case).': '请按浏览器发送的格式填写来源：https://shop.example.cn（协议、主机和端口；不带路径，末尾不加斜杠，小写）。',
  'Give the site a name.': '请填写站点名称。',
  'Name at least one origin the site is served from.': '请至少填写一个站点所在的来源。',
  'Each origin once.': '每个来源只能填写一次。',
  'A parameter name: letters, digits, _ . - (up to 40).': '参数名只能使用字母、数字、_ . -（最多 40 个）。',
  'An id of 8 to 64 letters, digits, _ or -.': '编号须为 8 至 64 个字母、数字、_ 或 -。',
  'At most 20 properties.': '属性最多 20 个。',
  'A batch carries at least one event.': '每批至少包含一个事件。',
  'At most 50 events in a batch.': '每批最多 50 个事件。',
  'Write true or false.': '请填写 true 或 false。',
  // tracking: online orders and registrations
  'Amounts are whole fen: 12.50 yuan is 1250.': '金额以分为单位、须为整数：12.50 元写作 1250。',
  'Give the person\'s phone, e-mail or member id: a customer is found or made by one of them.': '请提供此人的手机号、电子邮箱或会员号：客户据此查找或新建。',
  'A quantity is a whole number.': '数量须为整数。',
  'A quantity is at least 1.': '数量至少为 1。',
  'A postal code is six digits.': '邮政编码为六位数字。',
  'An order number of 1 to 64 letters, digits, _ or -.': '订单号须为 1 至 64 个字母、数字、_ 或 -。',
  'An order has at least one item.': '订单至少包含一项商品。',
  'At most 200 items in an order.': '每个订单最多 200 项商品。',
  // surveys (tracking)
  'An id of 1 to 20 letters, digits, _ or -.': '编号须为 1 至 20 个字母、数字、_ 或 -。',
  'Give the option a label.': '请填写选项内容。',
  'A choice question needs at least two options.': '选择题至少需要两个选项。',
  'At most 20 options.': '选项最多 20 个。',
  'Each option id once.': '每个选项编号只能出现一次。',
  'Write the question.': '请填写题目。',
  'A survey asks at least one question.': '问卷至少需要一道题。',
  'At most 10 questions.': '题目最多 10 道。',
  'Each question id once.': '每个题目编号只能出现一次。',
  'Give the survey a title.': '请填写问卷标题。',
  // tracking reports
  'A page pattern is a path that starts with /, such as /cart or /plans/*.': '页面规则须为以 / 开头的路径，例如 /cart 或 /plans/*。',
  'A funnel has at least 2 steps.': '漏斗至少包含 2 个步骤。',
  'A funnel has at most 8 steps.': '漏斗最多包含 8 个步骤。',
  'A page is a path that starts with /.': '页面须为以 / 开头的路径。',
  // channels
  'Give the channel a name.': '请填写渠道名称。',
  'A code of 2 to 40 lower-case letters, digits, _ or -, starting with a letter or digit.': '代码须为 2 至 40 个小写字母、数字、_ 或 -，以字母或数字开头。',
  'A transaction id of 1 to 64 letters, digits, _ . : or -.': '交易编号须为 1 至 64 个字母、数字、_ . : 或 -。',
  'A time with its offset, like 2024-05-31T09:30:00+08:00.': '请填写带时区偏移的时间，例如 2024-05-31T09:30:00+08:00。',
  'At most 20 attributes.': '属性最多 20 个。',
  'This kind of transaction needs its amount in fen.': '此类交易须填写金额（分）。',
  'A query moves no money: leave the amount out.': '查询不涉及金额，请不要填写金额。',
  'Only a failed transaction has a reason.': '只有失败的交易才填写原因。',
  'A batch carries at least one transaction.': '每批至少包含一笔交易。',
  'At most 500 transactions in a batch.': '每批最多 500 笔交易。',
};

const zhLocale = z.locales.zhCN().localeError;

/** The message of one failed check in the asked language; a schema's own message not yet translated stays English. */
export function validationMessage(issue: z.core.$ZodIssue | undefined, english: string, language: Language): string {
  // A field the request may not set here (a PATCH naming the unit, a typo): said the same way for every route.
  if (issue?.code === 'unrecognized_keys') return language === 'en' ? 'This field cannot be set here.' : '此处不能设置该字段。';
  if (language === 'en' || !issue) return english;
  const own = schemaMessagesZh[english];
  if (own) return own;
  // The checked value is not kept in the issue, so a missing value and a wrong type are told apart by the English text.
  if (issue.code === 'invalid_type') return english.endsWith('received undefined') ? '此项必填。' : `类型不正确，应为 ${issue.expected}。`;
  if (issue.code === 'custom') return english;
  const told = zhLocale(issue as never);
  return typeof told === 'string' ? told : told?.message ?? english;
}
