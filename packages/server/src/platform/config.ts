import path from 'node:path';

/** Everything the server reads from its environment, read once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded database in `dataDir` is used. */
  databaseUrl?: string;
  /** Load the demo organisation and customers into an empty database. */
  demo: boolean;
  /** Demo size; the default fits a laptop and still shows every screen with data. */
  demoCustomers: number;
  /** Largest upload accepted (attachments, imports), in bytes. */
  maxUploadBytes: number;
  /** Secure cookies need https; off for localhost. */
  secureCookies: boolean;
  logLevel: string;
  /** The operator's time zone (IANA name): times in exports are written in it. */
  timeZone: string;
  /** Where e-mail goes out (smtp://user:pass@host:port); without it messages are logged, not sent. */
  smtpUrl?: string;
  /** The sender of the operator's e-mail. */
  mailFrom: string;
  /** 免打扰时段 — promotional messages wait out these hours (in `timeZone`); null for none. */
  quietHours: { from: string; to: string } | null;
  /** At most this many promotional messages per customer and channel in seven days. */
  promotionalCapPerWeek: number;
  /** Realtime sockets are pinged this often, and closed when the last ping went unanswered or their session ended. */
  realtimeHeartbeatMs: number;
  /** 投诉信箱 — the port the inbound SMTP endpoint listens on (MAILBOX_SMTP_PORT); off when unset. */
  mailboxSmtpPort?: number;
  /** The address (complaints@operator.example) or domain (@operator.example) the mailbox takes mail for; every other is refused. */
  mailboxAddress?: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Relative to where the command was typed: `npm start` at the repository root keeps ./data
  // there, although npm runs the server inside packages/server.
  const dataDir = path.resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.DEMO !== '0',
    demoCustomers: Number(env.DEMO_CUSTOMERS ?? 20_000),
    maxUploadBytes: Number(env.MAX_UPLOAD_MB ?? 50) * 1024 * 1024,
    secureCookies: env.SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    timeZone: timeZoneOf(env.TIME_ZONE ?? 'Asia/Shanghai'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Xiang CRM <no-reply@xiang-crm.example>',
    quietHours: quietHoursOf(env.QUIET_HOURS ?? '21:00-08:00'),
    promotionalCapPerWeek: wholeNumberOf('PROMOTIONAL_CAP_PER_WEEK', env.PROMOTIONAL_CAP_PER_WEEK ?? '3'),
    realtimeHeartbeatMs: Number(env.REALTIME_HEARTBEAT_MS ?? 30_000),
    ...mailboxOf(env),
  };
}

function quietHoursOf(text: string) {
  if (text === '' || text === 'none') return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`QUIET_HOURS=${text} is not a span of hours (use 21:00-08:00, or none).`);
  return { from: `${m[1]}:${m[2]}`, to: `${m[3]}:${m[4]}` };
}

function wholeNumberOf(name: string, text: string) {
  if (!/^\d{1,6}$/.test(text)) throw new Error(`${name}=${text} is not a whole number.`);
  return Number(text);
}

/** A time zone the runtime knows, or a clear refusal at start rather than wrong times later. */
function timeZoneOf(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`TIME_ZONE=${name} is not a time zone (use an IANA name such as Asia/Shanghai).`);
  }
}

function mailboxOf(env: NodeJS.ProcessEnv): Pick<Config, 'mailboxSmtpPort' | 'mailboxAddress'> {
  if (!env.MAILBOX_SMTP_PORT) return {};
  const port = wholeNumberOf('MAILBOX_SMTP_PORT', env.MAILBOX_SMTP_PORT);
  const address = env.MAILBOX_ADDRESS?.trim();
  if (!address || !/^([^\s@]+)?@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw new Error(`MAILBOX_SMTP_PORT is set: MAILBOX_ADDRESS must say which mail the mailbox takes (complaints@operator.example, or @operator.example for the domain), not "${address ?? ''}".`);
  }
  return { mailboxSmtpPort: port, mailboxAddress: address };
}
