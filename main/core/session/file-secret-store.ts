import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SecretStore } from './secret-store.js'

/** Turns stored text into a secret and back: identity here, safeStorage in the app. */
export interface SecretCodec {
  encode(value: string): string
  decode(stored: string): string
}

const PLAIN: SecretCodec = { encode: (value) => value, decode: (stored) => stored }

/**
 * Secrets in one JSON file readable by the owner only. Without a codec the values are plain text:
 * acceptable for the browser shell and tests, which run on a developer's machine against a local relay.
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
  return {
    async get(key) {
      const stored = (await readAll())[key]
      if (stored === undefined) return null
      try {
        return codec.decode(stored)
      } catch {
        return null
      }
    },
    async set(key, value) {
      const values = await readAll()
      values[key] = codec.encode(value)
      await writeAll(values)
    },
    async delete(key) {
      const values = await readAll()
      delete values[key]
      await writeAll(values)
    },
  }
}
