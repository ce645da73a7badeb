import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** Seals the accounts' secrets at rest with a key from the environment (`RELAY_SECRET_KEY`). */
export interface SecretBox {
  seal(plaintext: string): string
  /** Throws SecretKeyMismatchError when the text was sealed with another key, or was changed. */
  open(sealed: string): string
}

/** A sealed secret this key cannot open: another RELAY_SECRET_KEY sealed it, or it was tampered with. */
export class SecretKeyMismatchError extends Error {
  constructor() {
    super('the stored account secrets were sealed with another RELAY_SECRET_KEY (or were changed)')
    this.name = 'SecretKeyMismatchError'
  }
}

const VERSION = 'v1'
const IV_BYTES = 12

/**
 * AES-256-GCM under a key derived from `secretKey` with HKDF-SHA-256, so an operator's passphrase of
 * any length becomes a uniform key; the GCM tag makes a wrong key or a changed byte fail loudly instead
 * of opening to garbage. Sealed form: `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export function createSecretBox(secretKey: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'kefu-relay', 'account-secrets', 32))
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.')
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.')
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new SecretKeyMismatchError()
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8')
      } catch {
        throw new SecretKeyMismatchError()
      }
    },
  }
}
