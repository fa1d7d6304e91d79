import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import type { Gateways } from '../notifications/gateways.ts';
import { emailDueReminders } from './reminders.ts';

const queue = 'tasks.remind';

/** Each minute, the reminders that have come go by e-mail to their assignees. */
export const reminderEmails = (email: Gateways['email'], timeZone: string): JobKind => ({
  queue,
  async handle(_job, db) {
    await emailDueReminders(db, email, { timeZone });
  },
});

export const reminderEmailSchedule: Schedule = { name: queue, queue, cron: '* * * * *' };
