import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { htmlToText } from 'html-to-text';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { sha256Of } from '../platform/blobs.ts';
import { sniffMediaType } from '../interactions/attachments.ts';
import { receiveMessage } from './mailbox.ts';

/** 10 MB: a complaint with a few photos, not an archive. Advertised in EHLO (SIZE) and refused past it. */
export const mailboxMaxBytes = 10 * 1024 * 1024;

/** An SMTP refusal: the code the sending server reads, and a line a person reads in the bounce. */
const refusal = (responseCode: number, text: string) => Object.assign(new Error(text), { responseCode });

/** Whether mail to this address is ours: the configured address, or any at the configured domain ("@operator.example"). */
export function isMailboxAddress(configured: string, address: string) {
  const [wanted, given] = [configured.trim().toLowerCase(), address.trim().toLowerCase()];
  return wanted.startsWith('@') ? given.endsWith(wanted) && given.indexOf('@') === given.length - wanted.length : given === wanted;
}

/**
 * 投诉信箱 — the inbound SMTP endpoint: takes mail for the mailbox's address only, up to 10 MB,
 * parses it (HTML turned into text, scripts and styles dropped) and keeps it before answering
 * 250, so a message acknowledged is a message stored. No AUTH and no relaying: it is a mailbox,
 * the last hop, as the operator's MX or a forwarding rule hands mail to it.
 */
export async function startMailbox({ db, blobs, port, host = '0.0.0.0', address, maxBytes = mailboxMaxBytes }:
  { db: Db; blobs: BlobStore; port: number; host?: string; address: string; maxBytes?: number }) {
  const server = new SMTPServer({
    name: 'xiang-crm-mailbox', banner: 'Xiang CRM complaint mailbox', size: maxBytes,
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onRcptTo(to, _session, callback) {
      if (isMailboxAddress(address, to.address)) return callback();
      callback(refusal(550, `5.1.1 <${to.address}>: no such mailbox here`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(refusal(552, `5.3.4 Message over ${Math.round(maxBytes / 1024 / 1024)} MB refused`));
        const raw = Buffer.concat(chunks);
        keep(db, blobs, raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : '').then(() => callback(), (error: Error & { responseCode?: number }) => {
          // A message refused for what it is stays refused (5xx); a store that failed is worth a retry (4xx).
          callback(error.responseCode ? error : refusal(451, '4.3.0 Not stored, try again later'));
        });
      });
    },
  });
  server.on('error', () => { /* a client's broken connection; the server goes on */ });
  server.listen(port, host);
  await once(server.server, 'listening');
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function keep(db: Db, blobs: BlobStore, raw: Buffer, envelopeFrom: string) {
  const mail = await simpleParser(raw);
  const from = mail.from?.value[0]?.address || envelopeFrom;
  const text = textOf(mail);
  // Text is stored exactly or not at all: a NUL (which no text column holds) is not quietly dropped.
  if ([from, mail.subject ?? '', text, mail.messageId ?? ''].some((part) => part.includes('\u0000'))) throw refusal(554, '5.6.0 Message text holds a NUL character');
  await receiveMessage(db, blobs, {
    // Without a Message-ID, the message's own bytes name it: the same message sent again is kept once.
    messageId: mail.messageId ?? `<${sha256Of(raw)}@mailbox.xiang-crm>`,
    fromAddress: from,
    subject: mail.subject ?? '',
    text,
    attachments: await Promise.all(mail.attachments.map(async (a, i) => {
      const fileName = (a.filename ?? `attachment-${i + 1}`).replace(/[\\/\u0000-\u001f]/g, '_').slice(-200);
      // The sender's word for the type is not taken: the bytes decide, as for uploads; anything else is a download.
      return { fileName, mediaType: (await sniffMediaType(a.content, fileName)) ?? 'application/octet-stream', bytes: a.content };
    })),
  });
}

/**
 * The message as text. mailparser converts HTML itself only when the HTML is the whole message;
 * beside attachments (multipart/mixed) it leaves the text empty, so the HTML is converted here the
 * same way (html-to-text: scripts, styles and tags dropped, the words kept).
 */
function textOf(mail: { text?: string; html?: string | false }) {
  if (mail.text?.trim() || typeof mail.html !== 'string') return mail.text ?? '';
  return htmlToText(mail.html, { wordwrap: false, limits: { maxDepth: 100 } });
}
