import type { Transporter } from 'nodemailer';

export interface OutboundEmail { id: string; to: string; subject: string; body: string; language: 'zh-CN' | 'en'; isPromotional: boolean }
export interface OutboundSms { id: string; to: string; body: string }

/** What sends: an SMTP server for e-mail, an operator's SMS gateway. Each returns the provider's id. */
export interface Gateways {
  email: { send(message: OutboundEmail): Promise<{ providerId: string }> };
  /** `isLogOnly`: nothing leaves the server (the demo); what must reach a person is then written to the log. */
  sms: { send(message: OutboundSms): Promise<{ providerId: string }>; isLogOnly?: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    gateways: Gateways;
  }
}

type Log = (line: string) => void;

/**
 * E-mail through SMTP (nodemailer). The Message-ID is made from our message's id, so a retry of
 * a message the server already took is the same message to the receiving side, and a bounce
 * names which of ours it was.
 */
export function smtpGateway(smtpUrl: string, from: string): Gateways['email'] {
  // Loaded when the first message goes out: nodemailer is not worth its load time at start-up.
  let transport: Promise<Transporter> | undefined;
  const transportNow = () => transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
  return {
    async send(m) {
      const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'xiang-crm.example';
      const info = await (await transportNow()).sendMail({
        from, to: m.to, subject: m.subject, text: m.body,
        messageId: `<${m.id}@${domain}>`,
        headers: {
          'Content-Language': m.language === 'en' ? 'en' : 'zh-CN',
          // Promotional mail says how to stop it (RFC 2369); mail clients show an unsubscribe button.
          ...(m.isPromotional ? { 'List-Unsubscribe': `<mailto:${/<([^>]+)>/.exec(from)?.[1] ?? from}?subject=unsubscribe%20${m.id}>` } : {}),
        },
      });
      return { providerId: info.messageId };
    },
  };
}

/** For the demo and for tests without a gateway: the message is written to the log, not sent. */
export function loggingGateways(log: Log): Gateways {
  return {
    email: { async send(m) { log(`e-mail not sent (no SMTP_URL): to ${m.to}, "${m.subject}"`); return { providerId: `logged-${m.id}` }; } },
    sms: { isLogOnly: true, async send(m) { log(`SMS not sent (logging gateway): to ${m.to}, ${[...m.body].length} characters`); return { providerId: `logged-${m.id}` }; } },
  };
}
