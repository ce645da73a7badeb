import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SecretStore } from './secret-store.js'

/** Turns a secret into the text stored and back: identity here, safeStorage's encryption in the app. */
export interface SecretCodec {
  /** Null when this computer cannot protect the secret: it is then not written at all. */
  encode(value: string): Promise<string | null>
  /** The secret, and whether to store it again freshly encoded (the key was rotated); throws when unreadable. */
  decode(stored: string): Promise<{ readonly value: string; readonly isStale: boolean }>
}

const PLAIN: SecretCodec = {
  encode: async (value) => value,
  decode: async (stored) => ({ value: stored, isStale: false }),
}

/**
 * Secrets in one JSON file readable by the owner only. Without a codec the values are plain text:
 * acceptable for the browser shell and tests, which run on a developer's machine against a local relay;
 * the app always passes safeStorage's (see safe-storage-codec.ts).
 */
export function createFileSecretStore(path: string, codec: SecretCodec = PLAIN): SecretStore {
  async function readAll(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
    } catch {
      return {}
    }
  }
  async function writeAll(values: Record<string, string>): Promise<void> {
    await mkdir(dirname(path), { recursive: true })
    // Write then rename: a crash mid-write must not lose the other secrets.
    const temporary = `${path}.tmp`
    await writeFile(temporary, JSON.stringify(values), { mode: 0o600 })
    await rename(temporary, path)
  }
  async function set(key: string, value: string): Promise<boolean> {
    const encoded = await codec.encode(value)
    const values = await readAll()
    if (encoded === null) {
      // An older secret under this key must not outlive the one that could not be kept.
      if (key in values) {
        delete values[key]
        await writeAll(values)
      }
      return false
    }
    values[key] = encoded
    await writeAll(values)
    return true
  }
  return {
    async get(key) {
      const stored = (await readAll())[key]
      if (stored === undefined) return null
      let decoded: Awaited<ReturnType<SecretCodec['decode']>>
      try {
        decoded = await codec.decode(stored)
      } catch {
        return null
      }
      if (decoded.isStale) await set(key, decoded.value)
      return decoded.value
    },
    set,
    async delete(key) {
      const values = await readAll()
      delete values[key]
      await writeAll(values)
    },
  }
}
