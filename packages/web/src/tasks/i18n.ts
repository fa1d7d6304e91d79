import type { taskAudit } from '@xiang/shared/codes/tasks';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 待办 — the words of the tasks module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { tasks: '待办' },
  tasks: {
    title: '待办', mine: '我的待办', everyone: '我所辖单位的全部', newTask: '新建待办', what: '待办事项', whatRequired: '请填写待办事项',
    whatPlaceholder: '例如：回电话确认宽带续约', due: '截止时间', dueRequired: '请选择截止时间', remind: '提醒', note: '备注',
    priority: '优先级', assignee: '负责人', customer: '客户', created: '已保存待办：{{title}}', done: '已完成：{{title}}', reopened: '已重新打开：{{title}}',
    overdue: '已逾期', overdueOnly: '只看逾期', empty: '这里没有待办', emptyMine: '没有未完成的待办', openAndOverdue: '{{open}} 项未完成 · {{overdue}} 项逾期',
    markDone: '将“{{title}}”标为完成', reopen: '重新打开“{{title}}”', reminders: '提醒', noReminders: '现在没有提醒', dismiss: '知道了',
    remindersLabel: '提醒：{{n}} 条', reminderDue: '提醒：{{title}}', customerAnswered: '客户回复了您的工单', openTicket: '查看工单', dueAt: '{{time}} 截止', by: '负责人 {{name}}', status: '状态', all: '全部',
    tomorrow9: '明天 9:00', nextMonday9: '下周一 9:00', nextTuesday9: '下周二 9:00', inAWeek: '一周后',
  },
  taskPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  taskStatus: { open: '未完成', done: '已完成', cancelled: '已取消' },
  remindBefore: { none: '不提醒', at: '截止时提醒', m15: '提前 15 分钟', h1: '提前 1 小时', d1: '提前 1 天' },
  ...({
    auditAction: { 'task.created': '新建待办', 'task.changed': '修改待办', 'task.completed': '完成待办', 'task.reopened': '重新打开待办', 'task.cancelled': '取消待办' },
    auditEntity: { task: '待办' },
  } satisfies AuditLabels<typeof taskAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { tasks: 'Tasks' },
  tasks: {
    title: 'Tasks', mine: 'My tasks', everyone: 'Everyone in my units', newTask: 'New task', what: 'What is to be done', whatRequired: 'Write what is to be done',
    whatPlaceholder: 'e.g. Call back about the broadband renewal', due: 'Due', dueRequired: 'Choose when it is due', remind: 'Reminder', note: 'Note',
    priority: 'Priority', assignee: 'Assignee', customer: 'Customer', created: 'Task saved: {{title}}', done: 'Done: {{title}}', reopened: 'Reopened: {{title}}',
    overdue: 'Overdue', overdueOnly: 'Overdue only', empty: 'No tasks here', emptyMine: 'Nothing to do: no open tasks', openAndOverdue: '{{open}} open · {{overdue}} overdue',
    markDone: 'Mark "{{title}}" done', reopen: 'Reopen "{{title}}"', reminders: 'Reminders', noReminders: 'No reminders now', dismiss: 'Dismiss',
    remindersLabel: 'Reminders: {{n}}', reminderDue: 'Reminder: {{title}}', customerAnswered: 'A customer answered your ticket', openTicket: 'Open the ticket', dueAt: 'Due {{time}}', by: 'for {{name}}', status: 'Status', all: 'All',
    tomorrow9: 'Tomorrow 9:00', nextMonday9: 'Next Monday 9:00', nextTuesday9: 'Next Tuesday 9:00', inAWeek: 'In a week',
  },
  taskPriority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  taskStatus: { open: 'Open', done: 'Done', cancelled: 'Cancelled' },
  remindBefore: { none: 'No reminder', at: 'At the due time', m15: '15 minutes before', h1: '1 hour before', d1: '1 day before' },
  auditAction: { 'task.created': 'Task created', 'task.changed': 'Task changed', 'task.completed': 'Task done', 'task.reopened': 'Task reopened', 'task.cancelled': 'Task cancelled' },
  auditEntity: { task: 'Task' },
};

export const tasksMessages = { 'zh-CN': zhCN, en };
