import { z } from 'zod';
import { auditActions, auditEntities } from './codes.ts';

export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;
export const AuditEntity = z.enum(auditEntities);
export type AuditEntity = z.infer<typeof AuditEntity>;
