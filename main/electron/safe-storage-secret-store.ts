import { safeStorage } from 'electron'
import { createFileSecretStore } from '../core/session/file-secret-store.js'
import { createSafeStorageCodec } from '../core/session/safe-storage-codec.js'
import type { SecretStore } from '../core/session/secret-store.js'

/**
 * Secrets encrypted with the OS keychain through safeStorage's asynchronous API. Create it only after
 * `app.whenReady()`: before, Linux reports no keychain and the token would never be kept.
 */
export function createSafeStorageSecretStore(path: string): SecretStore {
  return createFileSecretStore(path, createSafeStorageCodec(safeStorage, process.platform))
}
