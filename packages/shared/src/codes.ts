// Codes the server writes and the console labels, without zod, so the console can take them
// at no cost to its script size. Each module keeps its own in `codes/<module>.ts`; the list
// below gathers them, one line per module. The label test (e2e/labels.test.ts) asks for each
// in both languages, in the console's words with every module's merged in.
import { customerAudit } from './codes/customers.ts';
import { subscriptionAudit } from './codes/subscriptions.ts';
import { importAudit } from './codes/imports.ts';
import { interactionAudit } from './codes/interactions.ts';
import { orgAudit } from './codes/org.ts';
import { taskAudit } from './codes/tasks.ts';
import { notificationAudit } from './codes/notifications.ts';
import { operationsAudit } from './codes/operations.ts';
import { trackingAudit } from './codes/tracking.ts';
import { serviceAudit } from './codes/service.ts';
import { portalAudit } from './codes/portal.ts';
import { knowledgeAudit } from './codes/knowledge.ts';
import { channelAudit } from './codes/channels.ts';
import { contactcentreAudit } from './codes/contactcentre.ts';

/** A module's audit codes: what it does (`<record>.<past tense>`), and the kinds of record it names. */
export interface AuditCodes { actions: readonly string[]; entities: readonly string[] }

const modules = [customerAudit, subscriptionAudit, importAudit, interactionAudit, orgAudit, taskAudit, notificationAudit, operationsAudit, trackingAudit, serviceAudit,
  portalAudit, knowledgeAudit, channelAudit, contactcentreAudit] as const satisfies readonly AuditCodes[];

type Of<K extends keyof AuditCodes> = (typeof modules)[number][K][number];
// 审计 — what the server writes in the trail. The server's audit() takes only these.
export const auditActions = modules.flatMap((m) => m.actions) as [Of<'actions'>, ...Of<'actions'>[]];
/** The kinds of record the trail names (its `entity`). */
export const auditEntities = modules.flatMap((m) => m.entities) as [Of<'entities'>, ...Of<'entities'>[]];
/** The type of the note staff write on the 360° page. */
export const staffNoteType = 'note';
