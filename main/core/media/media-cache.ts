import { createHash } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MediaFile } from '../../../common/domain/media.js'

/** A file of the cache, ready to serve. */
export interface CachedMedia {
  readonly path: string
  readonly contentType: string
  readonly size: number
}

/** The file from the relay (the caller knows the session and the message). */
export type MediaDownloader = () => Promise<{ readonly data: Uint8Array }>

const DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024

/**
 * The media this desktop has shown, kept for offline viewing within a size budget. Files are named by
 * their SHA-256, which the relay's message names too: a file is checked against it when it arrives, two
 * messages with one picture share it, and a cached file never goes stale. The index (size, last use) is
 * the directory itself, read once; a file's modification time is its last use. `budgetBytes` is the
 * most it holds on disk; the least recently shown files go first.
 */
export function createMediaCache(dir: string, budgetBytes = DEFAULT_BUDGET_BYTES) {
  let index: Promise<Map<string, { size: number; usedAt: number }>> | null = null
  const arriving = new Map<string, Promise<CachedMedia>>()

  function entries() {
    index ??= (async () => {
      await mkdir(dir, { recursive: true })
      const found = new Map<string, { size: number; usedAt: number }>()
      for (const name of await readdir(dir)) {
        if (!/^[0-9a-f]{64}$/.test(name)) {
          // A download cut short by a crash.
          await rm(join(dir, name), { force: true })
          continue
        }
        const facts = await stat(join(dir, name))
        found.set(name, { size: facts.size, usedAt: facts.mtimeMs })
      }
      return found
    })()
    return index
  }

  async function evictBeyondBudget(keep: string): Promise<void> {
    const known = await entries()
    let total = [...known.values()].reduce((sum, entry) => sum + entry.size, 0)
    const oldestFirst = [...known.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)
    for (const [hash, entry] of oldestFirst) {
      if (total <= budgetBytes) break
      if (hash === keep) continue
      known.delete(hash)
      total -= entry.size
      await rm(join(dir, hash), { force: true })
    }
  }

  async function arrive(file: MediaFile, download: MediaDownloader): Promise<CachedMedia> {
    const { data } = await download()
    const hash = createHash('sha256').update(data).digest('hex')
    if (hash !== file.hash) throw new Error('The file from the relay is not the one the message names.')
    const path = join(dir, file.hash)
    const partial = `${path}.${process.pid}.part`
    await writeFile(partial, data)
    await rename(partial, path)
    ;(await entries()).set(file.hash, { size: data.length, usedAt: Date.now() })
    await evictBeyondBudget(file.hash)
    return { path, contentType: file.contentType, size: data.length }
  }

  return {
    /** The file on disk: from the cache (marked used), or downloaded once however many ask at a time. */
    async file(file: MediaFile, download: MediaDownloader): Promise<CachedMedia> {
      const known = await entries()
      const cached = known.get(file.hash)
      const path = join(dir, file.hash)
      if (cached !== undefined) {
        const at = Date.now()
        cached.usedAt = at
        await utimes(path, at / 1000, at / 1000).catch(() => known.delete(file.hash))
        if (known.has(file.hash)) return { path, contentType: file.contentType, size: cached.size }
      }
      const pending = arriving.get(file.hash) ?? arrive(file, download)
      arriving.set(file.hash, pending)
      try {
        return await pending
      } finally {
        arriving.delete(file.hash)
      }
    },
    /** Bytes the cache holds now. */
    async size(): Promise<number> {
      return [...(await entries()).values()].reduce((sum, entry) => sum + entry.size, 0)
    },
  }
}

/** The media cache of one desktop session. */
export type MediaCache = ReturnType<typeof createMediaCache>
