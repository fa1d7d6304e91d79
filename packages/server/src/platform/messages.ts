/**
 * What the API tells people, in the console's two languages. A problem names a message by key;
 * the answer is in the language the request asks for (Accept-Language), English otherwise.
 */
const catalog = {
  notFound: { en: '{what} was not found.', zh: '{whatZh}不存在，或不在您的管辖范围内。' },
  roleMayNot: { en: 'Your role may not do this.', zh: '您的角色无权执行此操作。' },
  signInFirst: { en: 'Sign in first.', zh: '请先登录。' },
  wrongPassword: { en: 'The username or password is wrong.', zh: '用户名或密码错误。' },
  changePasswordFirst: { en: 'Change your password first (POST /api/v1/me/password).', zh: '请先修改密码。' },
  currentPasswordWrong: { en: 'The current password is wrong.', zh: '当前密码不正确。' },
  samePassword: { en: 'Choose a password different from the current one.', zh: '新密码不能与当前密码相同。' },
  customerMerged: { en: 'This customer was merged into another; make the change on the surviving customer.', zh: '该客户已合并到另一位客户，请在保留的客户上操作。' },
  identityTakenVisible: { en: 'The {kind} {value} already belongs to another customer; merge the two instead.', zh: '{value} 已属于另一位客户，请将两位客户合并。' },
  identityTakenHidden: { en: 'The {kind} {value} already belongs to a customer of another unit.', zh: '{value} 已属于其他单位的客户。' },
  notAPhone: { en: '"{value}" is not a phone number.', zh: '“{value}”不是有效的电话号码。' },
  notAnEmail: { en: '"{value}" is not an e-mail address.', zh: '“{value}”不是有效的电子邮箱。' },
  notAnIdNumber: { en: '"{value}" is not a valid ID card number.', zh: '“{value}”不是有效的身份证号码。' },
  notACreditCode: { en: '"{value}" is not a unified social credit code (18 characters with a valid check character).', zh: '“{value}”不是有效的统一社会信用代码（18 位，校验位须正确）。' },
  emptyValue: { en: 'The value is empty.', zh: '请填写内容。' },
  lastIdentity: { en: 'A customer needs at least one way to reach them; add another before removing this one.', zh: '客户至少要保留一种联系方式，请先添加新的再删除此项。' },
  contactsForEnterprises: { en: 'Contacts belong to enterprise customers; an individual is their own contact.', zh: '联系人只适用于政企客户，个人客户本人即联系人。' },
  unitNotAllowed: { en: 'You cannot add customers to that unit.', zh: '您不能把客户放入该单位。' },
  moveNotAllowed: { en: 'You cannot move customers to that unit.', zh: '您不能把客户转移到该单位。' },
  ownerUnknown: { en: 'That account manager does not exist in your units.', zh: '您管辖的单位中没有这位客户经理。' },
  ownerDisabled: { en: 'That account is disabled; choose someone who still works here.', zh: '该账号已停用，请选择在职人员。' },
  ownerElsewhere: { en: 'The owner must work in the customer\'s unit or above it.', zh: '客户经理必须属于客户所在单位或其上级单位。' },
  ownerInAnotherUnit: { en: 'The new owner works in another unit; move the customers to that unit as well.', zh: '新客户经理在其他单位，请同时把客户转到该单位。' },
  alreadyMerged: { en: 'One of these customers was already merged into another.', zh: '其中一位客户已被合并。' },
  noSuchProduct: { en: 'No such product.', zh: '产品不存在。' },
  endBeforeStart: { en: 'The end date is before the start date.', zh: '结束日期早于开始日期。' },
  serviceEnded: { en: 'An ended service cannot be {change}; open a new one.', zh: '已拆机的业务不能再停机或复机，请重新开通。' },
  noSuchBill: { en: 'No such bill for this customer.', zh: '该客户没有这张账单。' },
  billPaid: { en: 'This bill is already paid.', zh: '该账单已结清。' },
  overpaid: { en: 'The bill has {owed} yuan left to pay.', zh: '该账单尚欠 {owed} 元，缴费金额不能超过欠费。' },
  noEmailOnFile: { en: 'There is no e-mail address on file to send notices to; add one first.', zh: '没有可接收通知的邮箱，请先添加邮箱。' },
  noMobileOnFile: { en: 'There is no mobile number on file to send notices to; add one first.', zh: '没有可接收短信通知的手机号，请先添加手机号。' },
  pointsShort: { en: 'The customer has {balance} points; an adjustment cannot take more than that.', zh: '客户现有 {balance} 积分，扣减不能超过现有积分。' },
  paymentInFuture: { en: 'A payment cannot be dated in the future.', zh: '缴费时间不能晚于现在。' },
  fileEmpty: { en: 'The file is empty.', zh: '文件是空的。' },
  fileKindRefused: { en: 'This kind of file cannot be attached. Attach images, audio, video, PDF, Office documents or plain text.', zh: '不支持此类文件。可上传图片、录音、视频、PDF、Office 文档或纯文本。' },
  attachmentUnusable: { en: 'An attachment is missing, belongs to another customer, or is already on another entry; upload it again.', zh: '附件不存在、属于其他客户或已用于其他记录，请重新上传。' },
  uploadTooLarge: { en: 'The upload is larger than the server accepts.', zh: '文件超过服务器允许的大小。' },
  codeTaken: { en: 'The code {code} is already used.', zh: '编码 {code} 已被使用。' },
  usernameTaken: { en: 'The username {username} is taken.', zh: '用户名 {username} 已被使用。' },
  unitMissing: { en: 'The unit does not exist.', zh: '该单位不存在。' },
  parentUnitMissing: { en: 'The parent unit does not exist.', zh: '上级单位不存在。' },
  unitLevelWrong: { en: 'A {parent} holds {child} units, not {level}.', zh: '{parentZh}下只能设{childZh}，不能设{levelZh}。' },
  unitHoldsNone: { en: 'A {parent} holds no units.', zh: '{parentZh}下不能再设下级单位。' },
  sendMultipart: { en: 'Send the file as multipart/form-data in a field named "file".', zh: '请以 multipart/form-data 上传文件，字段名为 file。' },
  noFileSent: { en: 'No file was sent; put it in the field named "file".', zh: '没有收到文件，请在 file 字段中上传。' },
  searchEmpty: { en: 'Type a name, number, phone or e-mail.', zh: '请输入姓名、客户编号、电话或邮箱。' },
  badCursor: { en: 'The page cursor is not one this server gave out; start from the first page.', zh: '分页游标无效，请从第一页重新开始。' },
  mergeTargetChanged: { en: 'A customer these rows merge into was changed meanwhile; check the file again.', zh: '要合并的客户在此期间已被修改，请重新检查文件。' },
  mergedOutsideUnits: {
    en: 'This import merged rows into customers outside your units; someone who sees them must undo it.',
    zh: '该导入合并到了您管辖范围以外的客户，请由能看到这些客户的人员撤销。',
  },
  otherSite: { en: 'The request came from another site.', zh: '请求来自其他网站，已拒绝。' },
  invalidAnswer: { en: 'The server produced an invalid answer.', zh: '服务器生成的应答无效。' },
  serverFailed: { en: 'Something went wrong on the server; it has been logged.', zh: '服务器出错，已记录，请稍后重试。' },
  badAddress: { en: 'The address is not valid.', zh: '地址无效。' },
} as const;

export type MessageKey = keyof typeof catalog;
export type Language = 'en' | 'zh';
type Params = Record<string, string | number>;

/** A message from a catalog, told in the language the request asks for when it is answered. */
export interface Said {
  key: MessageKey | (string & {});
  params?: Params;
}

const registry = new Map<string, { en: string; zh: string }>(Object.entries(catalog));

/**
 * A module's own messages, added to the one catalog (keys are unique across modules). Returns
 * the way to name one of them in a problem or a report.
 */
export function defineMessages<const C extends Record<string, { en: string; zh: string }>>(messages: C) {
  for (const [key, text] of Object.entries(messages)) {
    if (registry.has(key)) throw new Error(`The message key ${key} is defined twice.`);
    registry.set(key, text);
  }
  return (key: keyof C & string, params?: Params): Said => (params ? { key, params } : { key });
}

export function say({ key, params = {} }: Said, language: Language = 'en'): string {
  const text = registry.get(key);
  if (!text) throw new Error(`No message has the key ${key}.`);
  return text[language].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** An entry of a list (an import's bad row, a wrong field) that keeps what it says, to be told when answered. */
export type Told<T extends { message: string }> = Omit<T, 'message'> & { said: Said };

/** An entry told in a language: its message written out, the key left out. Entries already written pass as they are. */
export function tellEntry<T extends { message: string }>(entry: Told<T> | T, language: Language): T {
  if (!('said' in entry)) return entry;
  const { said, ...rest } = entry;
  return { ...rest, message: say(said, language) } as unknown as T;
}

/** The language a request asks for: Chinese when its Accept-Language prefers any zh, else English. */
export function languageOf(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}
