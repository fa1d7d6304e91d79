import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's current minimum.
export const hashPassword = (password: string) => hash(password);
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);

/** A random secret for a cookie or an API token; only its hash is ever stored. */
export const newSecret = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');
export const digest = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

/** A readable random password for a new account (printed once, changed at first sign-in). */
export function newPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}
