import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConnectionState } from '../../../common/ipc/channels.js'
import { createDesktopCore, type DesktopCore } from '../../../main/core/desktop-core.js'
import { createFileSecretStore } from '../../../main/core/session/file-secret-store.js'
import type { Clock } from '../../../main/core/sync/clock.js'
import type { Relay } from '../../../relay/app.js'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js'

/** A clock that only moves when the test says so: minutes offline cost no waiting. */
export function createManualClock(start = Date.now()) {
  let now = start
  let timers: { at: number; callback: () => void; isCancelled: boolean }[] = []
  const clock: Clock = {
    now: () => now,
    setTimer(callback, delayMs) {
      const timer = { at: now + delayMs, callback, isCancelled: false }
      timers.push(timer)
      return () => {
        timer.isCancelled = true
      }
    },
  }
  return {
    clock,
    /** Moves time forward, firing the timers that fall due, in order. */
    advance(ms: number): void {
      now += ms
      const due = timers.filter((timer) => timer.at <= now && !timer.isCancelled).sort((a, b) => a.at - b.at)
      timers = timers.filter((timer) => timer.at > now && !timer.isCancelled)
      for (const timer of due) timer.callback()
    },
    now: () => now,
  }
}

/** A TCP proxy in front of the relay whose link the test can cut (a network outage) and restore. */
export function startCuttableProxy(targetPort: number): Promise<TcpProxy> {
  return startTcpProxy({ host: '127.0.0.1', port: targetPort })
}

/** A desktop core over a temporary data dir. */
export function startTestCore(options: {
  clock: Clock
  backoff?: (attempt: number) => number
  dataDir?: string
  ackTimeoutMs?: number
}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kefu-desktop-'))
  const core = createDesktopCore({
    dataDir,
    secretStore: createFileSecretStore(join(dataDir, 'secrets.json')),
    clock: options.clock,
    backoff: options.backoff ?? (() => 120_000),
    ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
  })
  return { core, dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) }
}

/**
 * Resolves once `predicate` holds, checking again on every push from the core (no polling sleeps);
 * rejects after `timeoutMs` with what was last seen.
 */
export async function waitForCore(
  core: DesktopCore,
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  if (await predicate()) return
  return new Promise((resolve, reject) => {
    let isDone = false
    const timer = setTimeout(() => {
      isDone = true
      stop()
      reject(new Error(`timed out waiting for ${what}; connection ${JSON.stringify(core.connection())}`))
    }, timeoutMs)
    const check = (): void => {
      void Promise.resolve(predicate()).then((holds) => {
        if (!holds || isDone) return
        isDone = true
        clearTimeout(timer)
        stop()
        resolve()
      }, reject)
    }
    const stop = core.listen({ push: check, problem: check })
  })
}

/** Resolves when the connection reaches `state`. */
export function waitForConnection(
  core: DesktopCore,
  state: ConnectionState['state'],
  timeoutMs = 20_000,
): Promise<void> {
  return waitForCore(core, () => core.connection().state === state, `connection ${state}`, timeoutMs)
}

/**
 * Whether the core's replica has reached the relay's head. The head is read first: a cursor read before
 * the round trip to the store could be a push behind by the time the head answers, and no later push
 * would come to check again.
 */
export function isCaughtUpWith(core: DesktopCore, relay: Pick<Relay, 'store'>): () => Promise<boolean> {
  return async () => {
    const head = await relay.store.events.head()
    return core.replica()!.cursor() === head
  }
}
