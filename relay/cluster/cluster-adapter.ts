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
const UNIQUE_VIOLATION = '23505'

/**
 * Opens socket.io's PostgreSQL adapter (LISTEN/NOTIFY) on a small pool of its own. Relays use it only to
 * tell each other what lives in their memory (presence, viewing marks): the log's events are not sent
 * through it, since every relay reads them from the log itself (store/postgres/log-tail.ts).
 */
export async function openClusterAdapter(databaseUrl: string, logger: RelayLogger): Promise<ClusterAdapter> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 })
  pool.on('error', (error) => logger.warn({ err: error }, 'cluster adapter connection lost'))
  await pool
    .query(
      `CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE}
         (id BIGSERIAL UNIQUE, created_at TIMESTAMPTZ DEFAULT NOW(), payload BYTEA)`,
    )
    .catch((error: unknown) => {
      // Two relays starting together: IF NOT EXISTS does not stop the loser's insert into the catalog.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
    })
  const adapter = createAdapter(pool, {
    channelPrefix: 'kefu',
    tableName: ATTACHMENTS_TABLE,
    errorHandler: (error) => logger.warn({ err: error }, 'cluster adapter failed'),
  })
  return { adapter, close: () => pool.end() }
}
