import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { createFileSecretStore } from '../../../../../main/core/session/file-secret-store.js'
import {
  createSafeStorageCodec,
  type AsyncSafeStorage,
} from '../../../../../main/core/session/safe-storage-codec.js'

const TOKEN = 'N2mXq9-session-token-that-must-never-be-on-disk'

/**
 * Electron's safeStorage cannot run here, so this stands in for it with real AES-256-GCM under a key
 * that plays the OS keychain's: what it writes is real ciphertext, and another key cannot read it.
 */
function keychainSafeStorage(
  options: { isAvailable?: boolean; backend?: string; key?: Buffer } = {},
): AsyncSafeStorage & { rotate(): void } {
  let keys = [options.key ?? randomBytes(32)]
  return {
    isAsyncEncryptionAvailable: async () => options.isAvailable ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    async encryptStringAsync(plainText) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', keys[0]!, iv)
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from([keys.length - 1]), iv, cipher.getAuthTag(), body])
    },
    async decryptStringAsync(encrypted) {
      const version = encrypted[0]!
      const key = keys[keys.length - 1 - version]
      if (key === undefined) throw new Error('unknown key')
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(1, 13))
      decipher.setAuthTag(encrypted.subarray(13, 29))
      const result = Buffer.concat([decipher.update(encrypted.subarray(29)), decipher.final()]).toString(
        'utf8',
      )
      return { result, shouldReEncrypt: version !== keys.length - 1 }
    },
    rotate() {
      keys = [randomBytes(32), ...keys]
    },
  }
}

let dir: string
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kefu-secrets-'))
})
test.afterEach(() => rmSync(dir, { recursive: true, force: true }))

function onDisk(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

test('the token is kept encrypted across restarts and never written in plain text', async () => {
  const path = join(dir, 'secrets.json')
  const safeStorage = keychainSafeStorage()
  expect(
    await createFileSecretStore(path, createSafeStorageCodec(safeStorage, 'linux')).set('t', TOKEN),
  ).toBe(true)
  const written = onDisk(path)
  expect(written).not.toContain(TOKEN)
  expect(written).not.toContain(Buffer.from(TOKEN).toString('base64'))
  // A new start: a new store and codec over the same file and keychain.
  const restarted = createFileSecretStore(path, createSafeStorageCodec(safeStorage, 'linux'))
  expect(await restarted.get('t')).toBe(TOKEN)
  await restarted.delete('t')
  expect(await restarted.get('t')).toBeNull()
})

test('without a keychain the token is not kept at all, and an older one is dropped', async () => {
  const path = join(dir, 'secrets.json')
  const key = randomBytes(32)
  await createFileSecretStore(path, createSafeStorageCodec(keychainSafeStorage({ key }), 'darwin')).set(
    't',
    'an older token',
  )
  for (const [safeStorage, platform] of [
    [keychainSafeStorage({ key, isAvailable: false }), 'darwin'],
    // Linux's basic_text store encrypts with a constant key: as good as plain text.
    [keychainSafeStorage({ key, backend: 'basic_text' }), 'linux'],
  ] as const) {
    const store = createFileSecretStore(path, createSafeStorageCodec(safeStorage, platform))
    expect(await store.set('t', TOKEN)).toBe(false)
    expect(onDisk(path)).not.toContain(TOKEN)
    expect(await store.get('t')).toBeNull()
  }
  expect(JSON.parse(onDisk(path))).toEqual({})
})

test('basic_text matters on Linux only: other platforms keep the token', async () => {
  const path = join(dir, 'secrets.json')
  const store = createFileSecretStore(
    path,
    createSafeStorageCodec(keychainSafeStorage({ backend: 'basic_text' }), 'win32'),
  )
  expect(await store.set('t', TOKEN)).toBe(true)
  expect(await store.get('t')).toBe(TOKEN)
})

test('a token encrypted under a rotated key is read, then stored again under the new one', async () => {
  const path = join(dir, 'secrets.json')
  const safeStorage = keychainSafeStorage()
  const store = createFileSecretStore(path, createSafeStorageCodec(safeStorage, 'linux'))
  await store.set('t', TOKEN)
  const before = onDisk(path)
  safeStorage.rotate()
  expect(await store.get('t')).toBe(TOKEN)
  const after = onDisk(path)
  expect(after).not.toBe(before)
  expect(after).not.toContain(TOKEN)
  expect(Buffer.from(JSON.parse(after).t as string, 'base64')[0]).toBe(1)
})

test('a token another keychain wrote cannot be read: it counts as no token', async () => {
  const path = join(dir, 'secrets.json')
  await createFileSecretStore(path, createSafeStorageCodec(keychainSafeStorage(), 'linux')).set('t', TOKEN)
  const elsewhere = createFileSecretStore(path, createSafeStorageCodec(keychainSafeStorage(), 'linux'))
  expect(await elsewhere.get('t')).toBeNull()
})
