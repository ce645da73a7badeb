import { createAdapter } from '@socket.io/postgres-adapter'
import pg from 'pg'
import type { RelayLogger } from '../logger.js'

/** socket.io's PostgreSQL adapter for relays sharing one database, and how to let go of it. */
export interface ClusterAdapter {
  readonly adapter: ReturnType<typeof createAdapter>
  close(): Promise<void>
}

/** The adapter's own table, for messages over NOTIFY's 8000 bytes; not relay data, so not migrated. */
const ATTACHMENTS_TABLE = 'socket_io_attachments'

/**
 * Opens socket.io's PostgreSQL adapter (LISTEN/NOTIFY) on a small pool of its own. Relays use it only to
 * tell each other what lives in their memory (presence, viewing marks): the log's events are not sent
 * through it, since every relay reads them from the log itself (store/postgres/log-tail.ts).
 */
export async function openClusterAdapter(databaseUrl: string, logger: RelayLogger): Promise<ClusterAdapter> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 })
  const lost = (error: Error): void => logger.warn({ err: error }, 'cluster adapter connection lost')
  pool.on('error', lost)
  // The adapter keeps its LISTEN connection checked out and listens for its end, not its error: a
  // connection that breaks would throw that error out of the process. Heard here, it ends and the
  // adapter connects again on a new one, but never gives the broken one back, and the pool's end would
  // wait for it forever: given back here, as broken.
  pool.on('connect', (client) => {
    client.on('error', lost)
    client.once('end', () => releaseIfCheckedOut(client))
  })
  // Relays starting together: IF NOT EXISTS alone lets two creators collide in the catalog (a duplicate
  // table or type error), so the creation waits its turn under a lock, in one transaction.
  await pool
    .query(
      `BEGIN;
       SELECT pg_advisory_xact_lock(hashtextextended('kefu:${ATTACHMENTS_TABLE}', 0));
       CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE}
         (id BIGSERIAL UNIQUE, created_at TIMESTAMPTZ DEFAULT NOW(), payload BYTEA);
       COMMIT;`,
    )
    .catch(async (error: unknown) => {
      await pool.end()
      throw error
    })
  const adapter = createAdapter(pool, {
    channelPrefix: 'kefu',
    tableName: ATTACHMENTS_TABLE,
    errorHandler: (error) => logger.warn({ err: error }, 'cluster adapter failed'),
  })
  return { adapter, close: () => pool.end() }
}

/** Gives a connection that ended back to its pool, to be discarded; one already given back stays so. */
function releaseIfCheckedOut(client: pg.PoolClient): void {
  try {
    client.release(true)
  } catch {
    // Released already: the pool ended it, or the adapter gave it back before it ended.
  }
}
