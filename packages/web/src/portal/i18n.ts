import type { portalAudit } from '@xiang/shared/codes/portal';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 网上营业厅 — the portal's words (the customer's), and the console's labels of what the portal writes in the trail. */
const zhCN = {
  portal: {
    name: '网上营业厅', home: '首页', report: '报障', tickets: '我的工单', articles: '帮助', me: '我的',
    signIn: {
      title: '登录网上营业厅', phone: '手机号码', phonePlaceholder: '您登记的手机号码', phoneRequired: '请输入手机号码',
      byCode: '验证码登录', byPassword: '密码登录', code: '短信验证码', codeRequired: '请输入 6 位验证码', getCode: '获取验证码', resendIn: '{{n}} 秒后重发',
      codeSent: '验证码已发送，{{minutes}} 分钟内有效。', password: '密码', passwordRequired: '请输入密码', submit: '登录',
      help: '首次登录请使用验证码；登录后可在“我的”中设置密码。', staff: '员工登录',
    },
    overview: {
      hello: '您好，{{name}}', owed: '待缴金额', monthly: '每月费用', services: '在用业务', unpaid: '未缴账单', overdue: '逾期',
      myServices: '我的业务', noServices: '暂无在用业务', bills: '最近账单', noBills: '暂无账单', payments: '缴费记录', noPayments: '暂无缴费记录',
      period: '账期', amount: '金额', paid: '已缴', status: '状态', billStatus: { open: '待缴', paid: '已缴清', overdue: '逾期' }, dueBy: '{{date}} 前缴纳',
      serviceStatus: { active: '正常', suspended: '停机', terminated: '已拆机' }, since: '{{date}} 开通', perMonth: '{{amount}}/月',
      accountManager: '您的客户经理：{{name}}', keyAccount: '大客户',
      points: '我的积分', pointsUnit: '分', pointsRule: '每缴清 1 元账单积 1 分', noPoints: '暂无积分记录', more: '查看全部 {{n}} 条', fewer: '收起',
      pointsReasons: { bill_paid: '账单缴清 {{period}}', redeemed: '积分兑换', adjusted: '积分调整', expired: '积分过期' },
    },
    newTicket: {
      title: '报障与投诉', kind: '类型', kinds: { fault: '故障申报', complaint: '投诉', inquiry: '咨询' }, service: '涉及的业务', anyService: '不涉及具体业务',
      what: '问题概述', whatPlaceholder: '例如：宽带断网，光猫 LOS 灯红', whatRequired: '请用一句话说明问题', details: '详细说明', detailsPlaceholder: '什么时候开始的？尝试过重启吗？',
      photos: '照片', addPhoto: '添加照片', photoHelp: '可上传最多 5 张照片（如光猫指示灯、账单截图），每张不超过 10 MB。', uploading: '上传中…',
      submit: '提交', submitted: '已提交，工单号 {{reference}}。我们会尽快处理，并以短信或邮件通知您。',
    },
    ticket: {
      reference: '工单号 {{reference}}', empty: '您还没有工单', emptyHint: '遇到故障或有疑问，可以在这里报障或咨询。', more: '加载更多', openedAt: '提交于 {{at}}',
      status: { new: '已受理', assigned: '已派单', in_progress: '处理中', waiting_on_customer: '待您回复', resolved: '已解决', closed: '已关闭' },
      conversation: '处理进展', staff: '客服', you: '您', noMessages: '客服处理后会在这里答复您。', answer: '补充说明或回复', answerPlaceholder: '写下您想补充的内容',
      send: '发送', sent: '已发送', closedNote: '工单已关闭。如问题再次出现，请重新报障。', mergedNote: '该工单已与同一问题的另一张工单合并，请查看那张工单。', openMerged: '查看合并后的工单',
      rate: '评价本次服务', rateHelp: '您的评价帮助我们改进服务。', comment: '想说的话（可选）', submitRating: '提交评价', thanks: '感谢您的评价！', yourRating: '您的评价',
      waitingHint: '客服在等您的回复，请在下方补充信息。', back: '返回我的工单', service: '业务', description: '详细说明',
    },
    settings: {
      title: '我的', password: '登录密码', setPassword: '设置密码', changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码',
      passwordHelp: '至少 10 个字符，不要使用常见密码。', passwordSaved: '密码已保存。其他设备上的登录已退出。', noPassword: '尚未设置密码，目前使用验证码登录。', hasPassword: '已设置密码',
      notices: '通知方式', noticeHelp: '工单受理、回复和处理完毕时，我们用这里选择的方式通知您。', noticeDefault: '自动（有邮箱用邮件，否则短信）', noticeUnreachable: '（未登记）',
      consents: '营销信息', consentHelp: '是否接收我们的优惠活动信息。业务通知（如工单、账单）不受影响。', email: '邮件', sms: '短信', saved: '已保存',
      signOut: '退出登录', phone: '登录手机号', customerNumber: '客户编号', unit: '归属',
    },
    help: { title: '帮助中心', search: '搜索问题，例如：光猫 红灯', anyCategory: '全部分类', empty: '暂无帮助文章', none: '没有找到与“{{q}}”相关的文章，换个说法试试', back: '返回帮助中心', updated: '更新于 {{date}}' },
    errors: { retry: '重试', network: '网络连接失败，请检查网络后重试。', notFound: '没有找到该工单。' },
  },
  ...({
    auditAction: { 'portal_account.created': '开通网上营业厅账号', 'portal_account.signed_in': '登录网上营业厅', 'portal_account.password_set': '设置网上营业厅密码' },
    auditEntity: { portal_account: '网上营业厅账号' },
  } satisfies AuditLabels<typeof portalAudit>),
};

const en: Shape<typeof zhCN> = {
  portal: {
    name: 'Self-service', home: 'Home', report: 'Report', tickets: 'My tickets', articles: 'Help', me: 'Me',
    signIn: {
      title: 'Sign in to self-service', phone: 'Mobile number', phonePlaceholder: 'The mobile number we have for you', phoneRequired: 'Enter your mobile number',
      byCode: 'Code by SMS', byPassword: 'Password', code: 'Code from the SMS', codeRequired: 'Enter the 6-digit code', getCode: 'Send code', resendIn: 'Again in {{n}} s',
      codeSent: 'A code is on its way; it is good for {{minutes}} minutes.', password: 'Password', passwordRequired: 'Enter your password', submit: 'Sign in',
      help: 'The first time, sign in with a code; you can set a password under "Me" after.', staff: 'Staff sign-in',
    },
    overview: {
      hello: 'Hello, {{name}}', owed: 'To pay', monthly: 'Per month', services: 'Services', unpaid: 'Unpaid bills', overdue: 'Overdue',
      myServices: 'My services', noServices: 'No services in use', bills: 'Recent bills', noBills: 'No bills yet', payments: 'Payments', noPayments: 'No payments yet',
      period: 'Period', amount: 'Amount', paid: 'Paid', status: 'Status', billStatus: { open: 'To pay', paid: 'Paid', overdue: 'Overdue' }, dueBy: 'Due {{date}}',
      serviceStatus: { active: 'Active', suspended: 'Suspended', terminated: 'Terminated' }, since: 'Since {{date}}', perMonth: '{{amount}}/month',
      accountManager: 'Your account manager: {{name}}', keyAccount: 'Key account',
      points: 'My points', pointsUnit: 'pts', pointsRule: 'One point for each yuan of a bill paid in full', noPoints: 'No points yet', more: 'Show all {{n}}', fewer: 'Show fewer',
      pointsReasons: { bill_paid: 'Bill {{period}} paid', redeemed: 'Redeemed', adjusted: 'Adjustment', expired: 'Expired' },
    },
    newTicket: {
      title: 'Report a problem', kind: 'Kind', kinds: { fault: 'Fault', complaint: 'Complaint', inquiry: 'Question' }, service: 'Service concerned', anyService: 'No particular service',
      what: 'What is wrong', whatPlaceholder: 'e.g. Broadband down, modem LOS light red', whatRequired: 'Say in a few words what is wrong', details: 'Details', detailsPlaceholder: 'Since when? Have you tried restarting?',
      photos: 'Photos', addPhoto: 'Add a photo', photoHelp: 'Up to 5 photos (the modem\'s lights, a bill), 10 MB each at most.', uploading: 'Uploading…',
      submit: 'Send', submitted: 'Sent: ticket {{reference}}. We will work on it soon and tell you by SMS or e-mail.',
    },
    ticket: {
      reference: 'Ticket {{reference}}', empty: 'No tickets yet', emptyHint: 'Report a fault or ask a question here.', more: 'Load more', openedAt: 'Sent {{at}}',
      status: { new: 'Received', assigned: 'Assigned', in_progress: 'In progress', waiting_on_customer: 'Waiting for you', resolved: 'Resolved', closed: 'Closed' },
      conversation: 'Progress', staff: 'Service', you: 'You', noMessages: 'Our answer will appear here.', answer: 'Add something or reply', answerPlaceholder: 'What would you like to add?',
      send: 'Send', sent: 'Sent', closedNote: 'This ticket is closed. If the problem is back, report it again.', mergedNote: 'This ticket was joined to another one about the same matter.', openMerged: 'Open that ticket',
      rate: 'Rate our service', rateHelp: 'Your rating helps us do better.', comment: 'Anything to add (optional)', submitRating: 'Send rating', thanks: 'Thank you for rating!', yourRating: 'Your rating',
      waitingHint: 'We are waiting for your answer: add it below.', back: 'Back to my tickets', service: 'Service', description: 'Details',
    },
    settings: {
      title: 'Me', password: 'Password', setPassword: 'Set a password', changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password',
      passwordHelp: 'At least 10 characters; not a common password.', passwordSaved: 'Password saved. Other devices were signed out.', noPassword: 'No password yet: you sign in with a code.', hasPassword: 'Password set',
      notices: 'Notices', noticeHelp: 'How we tell you when your ticket is received, answered and resolved.', noticeDefault: 'Automatic (e-mail if we have one, else SMS)', noticeUnreachable: '(not on file)',
      consents: 'Offers', consentHelp: 'Whether we may send you our offers. Service notices (tickets, bills) are not affected.', email: 'E-mail', sms: 'SMS', saved: 'Saved',
      signOut: 'Sign out', phone: 'Mobile', customerNumber: 'Customer number', unit: 'Served by',
    },
    help: { title: 'Help', search: 'Search, e.g. modem red light', anyCategory: 'Every category', empty: 'No help articles yet', none: 'Nothing found for "{{q}}"; try other words', back: 'Back to help', updated: 'Updated {{date}}' },
    errors: { retry: 'Try again', network: 'No connection: check your network and try again.', notFound: 'No such ticket.' },
  },
  auditAction: { 'portal_account.created': 'Self-service account opened', 'portal_account.signed_in': 'Signed in to self-service', 'portal_account.password_set': 'Self-service password set' },
  auditEntity: { portal_account: 'Self-service account' },
};

export const portalMessages = { 'zh-CN': zhCN, en };
