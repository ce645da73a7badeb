import { mediaToFetchOf, type MessageMedia } from '../../common/domain/media.js'
import type { Message, SendFailure } from '../../common/domain/message.js'
import type { RelayLogger } from '../logger.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import type { MediaFetchJob } from '../store/media-repository.js'
import type { RelayStore } from '../store/relay-store.js'
import { contentTypeOf } from './content-type.js'
import { keptFilesOf, type KeptFile } from './kept-files.js'
import type { MediaTranscoder } from './media-transcoder.js'

/** Takes followers' media from WeChat into the store, off the webhook's path. */
export interface MediaFetcher {
  /** A message with media was stored: fetch now rather than at the next poll. */
  wake(): void
  /** Resolves when no pass is running and none is due now (tests, shutdown). */
  idle(): Promise<void>
  stop(): void
}

export interface MediaFetcherDependencies {
  readonly store: RelayStore
  readonly sender: Pick<WeChatSender, 'downloadMedia'>
  readonly transcoder: MediaTranscoder
  readonly now: () => number
  readonly logger: RelayLogger
  /** Counts each try by outcome (`stored`, `retrying`, `failed`). */
  readonly onOutcome?: (outcome: 'stored' | 'retrying' | 'failed') => void
  /** First retry after this long, doubling up to `maxDelayMs` (default 10 s and 1 h). */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  /** How often a relay looks for fetches another relay scheduled or left (default 30 s). */
  readonly pollMs?: number
}

/** A claimed fetch is another relay's to take again only after this long (a relay that died mid-fetch). */
const LEASE_MS = 2 * 60_000
const BATCH = 4

/**
 * The relay is the system of record for media: WeChat deletes a follower's file after 3 days. Fetches are
 * rows of the store (scheduled with the message, in the webhook's transaction), so a restart or another
 * relay goes on with them; each is claimed for a lease, so two relays do not fetch one file. A failed try
 * is retried with a doubling delay until WeChat's copy is gone, and is visible on the message meanwhile.
 */
export function createMediaFetcher(dependencies: MediaFetcherDependencies): MediaFetcher {
  const { store, sender, transcoder, now, logger } = dependencies
  const baseDelayMs = dependencies.baseDelayMs ?? 10_000
  const maxDelayMs = dependencies.maxDelayMs ?? 3_600_000
  const pollMs = dependencies.pollMs ?? 30_000
  let running: Promise<void> | null = null
  let isAgain = false
  let isStopped = false
  let timer: NodeJS.Timeout | null = null

  function schedule(at: number): void {
    if (isStopped) return
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => run(), Math.max(0, Math.min(at - now(), pollMs)))
    timer.unref()
  }

  function run(): void {
    if (isStopped) return
    if (running !== null) {
      isAgain = true
      return
    }
    running = pass()
      .catch((error: unknown) => logger.warn({ err: error }, 'media fetch pass failed'))
      .finally(() => {
        running = null
        if (isAgain) {
          isAgain = false
          run()
        }
      })
  }

  async function pass(): Promise<void> {
    for (;;) {
      const at = now()
      const jobs = await store.media.claimDueFetches(at, at + LEASE_MS, BATCH)
      if (jobs.length === 0) break
      for (const job of jobs) await fetchOne(job)
    }
    schedule((await store.media.nextFetchAt()) ?? now() + pollMs)
  }

  async function fetchOne(job: MediaFetchJob): Promise<void> {
    const message = await store.messages.get(job.messageId)
    if (message === null) {
      // Erased or expired meanwhile: nothing to keep.
      await store.media.finishFetch(job.messageId)
      return
    }
    const kept: KeptFile[] = []
    for (const wanted of mediaToFetchOf(message.body)) {
      const download = await sender.downloadMedia(job.accountKey, wanted.mediaId)
      if (!download.ok) {
        // The picture of a video is a nicety: the video itself is what must be kept.
        if (wanted.role === 'poster') {
          logger.warn({ messageId: message.id, code: download.failure.code }, 'video thumbnail not fetched')
          continue
        }
        await failed(job, message, download.failure)
        return
      }
      kept.push(...(await filesOf(message, wanted.role, download.data, download.contentType)))
    }
    await commitMedia(message, { state: 'stored', files: kept.map(({ file }) => file) }, kept, null)
    dependencies.onOutcome?.('stored')
  }

  /** The file as fetched, with what the console needs to show it: audio it can play, a thumbnail, sizes. */
  async function filesOf(message: Message, role: 'original' | 'poster', data: Uint8Array, declared: string) {
    const kind = message.body.type === 'image' ? 'image' : message.body.type === 'voice' ? 'voice' : 'video'
    return (await keptFilesOf(transcoder, kind, role, contentTypeOf(data, declared), data)).files
  }

  async function failed(job: MediaFetchJob, message: Message, failure: SendFailure): Promise<void> {
    const attempts = job.attempts + 1
    const nextAttemptAt = now() + Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1))
    const isOver = !failure.isRetryable || nextAttemptAt >= job.expiresAt
    const reason = fetchFailureText(failure)
    logger.warn({ messageId: message.id, attempts, code: failure.code, isOver }, 'media fetch failed')
    const media: MessageMedia = isOver
      ? { state: 'failed', files: [], failure: reason }
      : { state: 'fetching', files: [], failure: reason, nextAttemptAt }
    await commitMedia(message, media, [], isOver ? null : { attempts, nextAttemptAt })
    dependencies.onOutcome?.(isOver ? 'failed' : 'retrying')
  }

  /**
   * The files, the message's media as desktops see it, and the fetch's row (done, or its next try), in
   * one commit.
   */
  async function commitMedia(
    message: Message,
    media: MessageMedia,
    files: readonly KeptFile[],
    retry: { readonly attempts: number; readonly nextAttemptAt: number } | null,
  ): Promise<void> {
    await store.commit(async (tx, events) => {
      const current = await tx.messages.get(message.id)
      const conversation = await tx.conversations.get(message.conversationId)
      if (current === null || conversation === null) {
        await tx.media.finishFetch(message.id)
        return
      }
      const at = now()
      for (const { file, data } of files) {
        await tx.media.putBlob(file.hash, file.contentType, data, at)
        await tx.media.linkFile(message.id, file.role, file.hash)
      }
      if (retry === null) await tx.media.finishFetch(message.id)
      else await tx.media.rescheduleFetch(message.id, retry.attempts, retry.nextAttemptAt)
      const updated: Message = { ...current, media }
      await tx.messages.update(updated)
      events.push(await tx.events.append({ type: 'message.updated', at, message: updated, conversation }))
    })
  }

  return {
    wake: run,
    async idle() {
      while (running !== null) await running
    },
    stop() {
      isStopped = true
      if (timer !== null) clearTimeout(timer)
    },
  }
}

/** Why a file could not be fetched, in words the console shows after "Could not be fetched:". */
export function fetchFailureText(failure: SendFailure): string {
  if (failure.wechatErrcode === 40007)
    return 'WeChat no longer has this file (invalid media id, error 40007).'
  if (failure.wechatErrcode !== undefined)
    return `WeChat refused the download (error ${failure.wechatErrcode}).`
  if (failure.code === 'not_configured') return 'the relay has no WeChat credentials for this account.'
  return 'WeChat could not be reached.'
}
