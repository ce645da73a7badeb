import type { Pool, PoolClient } from 'pg'

/** The relays on one database, as each relay sees them. */
export interface RelayLiveness {
  /** This relay's id, held for its lifetime. */
  readonly relayId: string
  /** Whether the relay with `relayId` still runs: it holds its lock, which a crash lets go with its connection. */
  isRunning(relayId: string): Promise<boolean>
  stop(): Promise<void>
}

const lockKeyOf = (relayId: string): string => `kefu:relay:${relayId}`

/** How long a lost lock connection waits before taking the lock again. */
const RETAKE_DELAY_MS = 1_000

/**
 * Takes `relayId`'s session advisory lock on a connection of its own and keeps it until `stop`. Other
 * relays ask PostgreSQL whether the lock is free, so a relay killed with -9 reads as stopped as soon as
 * PostgreSQL sees its connection close; no heartbeat table, no timeout to tune.
 */
export async function holdRelayLiveness(
  pool: Pool,
  relayId: string,
  onLost: (error: unknown) => void,
): Promise<RelayLiveness> {
  let holder: PoolClient | null = null
  let isStopped = false
  let retake: NodeJS.Timeout | null = null

  async function take(): Promise<void> {
    const client = await pool.connect()
    client.on('error', (error) => {
      // The connection broke and the lock went with it: take it again on a new one.
      if (holder !== client) return
      onLost(error)
      holder = null
      client.release(true)
      if (!isStopped) retake = setTimeout(() => void take().catch(scheduleRetake), RETAKE_DELAY_MS)
    })
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKeyOf(relayId)])
    holder = client
  }
  const scheduleRetake = (): void => {
    if (!isStopped) retake = setTimeout(() => void take().catch(scheduleRetake), RETAKE_DELAY_MS)
  }
  await take()

  return {
    relayId,
    async isRunning(otherId) {
      if (otherId === relayId) return true
      const client = await pool.connect()
      try {
        const key = lockKeyOf(otherId)
        const { rows } = await client.query<{ isFree: boolean }>(
          'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS "isFree"',
          [key],
        )
        if (rows[0]?.isFree !== true) return true
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
        return false
      } finally {
        client.release()
      }
    },
    async stop() {
      isStopped = true
      if (retake !== null) clearTimeout(retake)
      const client = holder
      holder = null
      client?.release(true)
    },
  }
}
