import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { User } from '../../../common/domain/user.js'
import { userSchema } from '../sync/relay-event-schema.js'

/** The relay token's name in the secret store. */
export const TOKEN_KEY = 'relay-token'

/** Who was signed in where, kept across restarts (the token stays in the secret store). */
export interface SavedSession {
  readonly relayUrl: string
  readonly user: User
}

/** Where the replica of one user on one relay lives: one database per relay and per user. */
export function replicaPathOf(dataDir: string, relayUrl: string, username: string): string {
  const url = new URL(relayUrl)
  const hash = createHash('sha256').update(`${url.origin}${url.pathname}`).digest('hex').slice(0, 12)
  const host = url.host.replace(/[^a-zA-Z0-9.-]/g, '_')
  return join(dataDir, 'replicas', `${host}-${hash}`, `${username.replace(/[^a-zA-Z0-9_.-]/g, '_')}.sqlite`)
}

/** Where the media a replica's messages showed is kept: beside it, gone with it. */
export function mediaCacheDirOf(replicaPath: string): string {
  return `${replicaPath}-media`
}

/** The saved session in the data folder: read on start, written on sign-in, removed on sign-out. */
export function createSavedSessionFile(dataDir: string) {
  const path = join(dataDir, 'session.json')
  return {
    /** The saved session, or null when there is none or it does not parse. */
    async read(): Promise<SavedSession | null> {
      try {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as { relayUrl?: unknown; user?: unknown }
        const user = userSchema.safeParse(parsed.user)
        if (typeof parsed.relayUrl !== 'string' || !user.success) return null
        return { relayUrl: parsed.relayUrl, user: user.data }
      } catch {
        return null
      }
    },
    async write(saved: SavedSession): Promise<void> {
      await mkdir(dataDir, { recursive: true })
      await writeFile(path, JSON.stringify(saved), { mode: 0o600 })
    },
    async remove(): Promise<void> {
      await rm(path, { force: true })
    },
  }
}

/** Deletes the replica of one user on one relay, with its SQLite side files. */
export async function wipeReplica(dataDir: string, relayUrl: string, username: string): Promise<void> {
  const path = replicaPathOf(dataDir, relayUrl, username)
  for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true })
  // The media the replica's messages showed goes with them.
  await rm(mediaCacheDirOf(path), { recursive: true, force: true })
}
