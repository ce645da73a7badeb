import { createHash, randomBytes } from 'node:crypto'

/** A fresh opaque session token: 256 random bits, base64url. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What the store keeps of a token: its SHA-256, so the database alone opens no session. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
