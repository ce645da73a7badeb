import { safeStorage } from 'electron'
import { createFileSecretStore } from '../core/session/file-secret-store.js'
import type { SecretStore } from '../core/session/secret-store.js'

/**
 * Secrets encrypted with the OS keychain through safeStorage (Keychain, DPAPI, libsecret). Where no
 * keychain is available the token lives in memory only: the agent signs in again after a restart
 * rather than having it written in plain text.
 */
export function createSafeStorageSecretStore(path: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    const values = new Map<string, string>()
    return {
      get: async (key) => values.get(key) ?? null,
      set: async (key, value) => {
        values.set(key, value)
      },
      delete: async (key) => {
        values.delete(key)
      },
    }
  }
  return createFileSecretStore(path, {
    encode: (value) => safeStorage.encryptString(value).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  })
}
