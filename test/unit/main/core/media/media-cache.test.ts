import { expect, test } from '@playwright/test'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MediaFile } from '../../../../../common/domain/media.js'
import type { Message } from '../../../../../common/domain/message.js'
import { createMediaCache } from '../../../../../main/core/media/media-cache.js'
import { mediaResponseOf } from '../../../../../main/core/media/media-response.js'

const fileOf = (data: Uint8Array, role: MediaFile['role'] = 'original'): MediaFile => ({
  role,
  contentType: 'audio/mpeg',
  size: data.length,
  hash: createHash('sha256').update(data).digest('hex'),
})

const bytes = (size: number, fill: number) => new Uint8Array(size).fill(fill)

test('the cache keeps what was shown within its budget, the least recently shown going first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-media-cache-'))
  try {
    const cache = createMediaCache(dir, 2_500)
    let downloads = 0
    const from = (data: Uint8Array) => async () => {
      downloads += 1
      return { data }
    }
    const [a, b, c] = [bytes(1_000, 1), bytes(1_000, 2), bytes(1_000, 3)]
    await cache.file(fileOf(a), from(a))
    await new Promise((resolve) => setTimeout(resolve, 5))
    await cache.file(fileOf(b), from(b))
    await new Promise((resolve) => setTimeout(resolve, 5))
    // `a` shown again: now `b` is the least recently shown.
    await cache.file(fileOf(a), from(a))
    expect(downloads).toBe(2)
    await cache.file(fileOf(c), from(c))
    expect(await cache.size()).toBe(2_000)
    expect(readdirSync(dir).sort()).toEqual([fileOf(a).hash, fileOf(c).hash].sort())

    // A cache opened again (a restart) knows its files: shown without the relay.
    const reopened = createMediaCache(dir, 2_500)
    const offline = async (): Promise<{ data: Uint8Array }> => {
      throw new Error('offline')
    }
    expect((await reopened.file(fileOf(c), offline)).size).toBe(1_000)
    await expect(reopened.file(fileOf(b), offline)).rejects.toThrow('offline')
    // Bytes that are not the file the message names are never kept.
    await expect(reopened.file(fileOf(b), from(a))).rejects.toThrow('not the one the message names')
    expect(readdirSync(dir)).not.toContain(fileOf(b).hash)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a media request is answered whole or by byte range, 404 for a file the message does not hold', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-media-response-'))
  try {
    const data = new Uint8Array(Array.from({ length: 300 }, (_, index) => index % 256))
    const file = fileOf(data, 'playable')
    const message = { id: 'm1', media: { state: 'stored', files: [file] } } as unknown as Message
    const source = {
      message: (id: string) => (id === 'm1' ? message : null),
      cache: createMediaCache(dir),
      download: async () => ({ data }),
    }
    const whole = await mediaResponseOf(source, '/kefu-media/m1/playable', null)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('audio/mpeg')
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(data)
    const part = await mediaResponseOf(source, '/kefu-media/m1/playable', 'bytes=100-199')
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 100-199/300')
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(data.subarray(100, 200))
    expect((await mediaResponseOf(source, '/kefu-media/m1/playable', 'bytes=400-')).status).toBe(416)
    expect((await mediaResponseOf(source, '/kefu-media/m1/poster', null)).status).toBe(404)
    expect((await mediaResponseOf(source, '/kefu-media/m2/original', null)).status).toBe(404)
    expect((await mediaResponseOf(null, '/kefu-media/m1/playable', null)).status).toBe(401)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
