import type { SecretCodec } from './file-secret-store.js'

/**
 * The part of Electron's `safeStorage` the codec uses: its asynchronous API (the synchronous one is
 * deprecated), and on Linux which password store it picked. Typed here so this module runs under Node.
 */
export interface AsyncSafeStorage {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plainText: string): Promise<Buffer>
  decryptStringAsync(
    encrypted: Buffer,
  ): Promise<{ readonly shouldReEncrypt: boolean; readonly result: string }>
  getSelectedStorageBackend(): string
}

/**
 * Encrypts secrets with the OS keychain through safeStorage (Keychain, DPAPI, libsecret/kwallet).
 * Where none is available, `encode` answers null and nothing is written: the agent signs in again after
 * a restart rather than having the token on disk in the clear. Linux's `basic_text` store counts as
 * none: its key is a constant compiled into Chromium, so what it writes is as good as plain text.
 */
export function createSafeStorageCodec(
  safeStorage: AsyncSafeStorage,
  platform: NodeJS.Platform,
): SecretCodec {
  let availability: Promise<boolean> | null = null
  // Asked once, lazily: safeStorage initialises its encryptor on the first call after the app is ready.
  const isAvailable = (): Promise<boolean> =>
    (availability ??= safeStorage
      .isAsyncEncryptionAvailable()
      .then(
        (isReady) =>
          isReady && !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
      ))
  return {
    async encode(value) {
      if (!(await isAvailable())) return null
      return (await safeStorage.encryptStringAsync(value)).toString('base64')
    },
    async decode(stored) {
      if (!(await isAvailable())) throw new Error('No keychain to decrypt with.')
      const decrypted = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))
      return { value: decrypted.result, isStale: decrypted.shouldReEncrypt }
    },
  }
}
