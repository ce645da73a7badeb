import type { PostgresMigration } from '../migrate-postgres.js'

/**
 * Users created before every user change was logged get one `user.upserted` each, so a desktop
 * replaying the log learns of them (never the password hash: the event names the public fields).
 * json_build_object keeps the keys in the order SQLite's json_object wrote them; the text differs only
 * in spacing, which no reader of the log looks at.
 */
export const postgresMigration0005: PostgresMigration = {
  version: 5,
  name: 'user-events',
  up: async (client) => {
    await client.query(`
    WITH missing AS (
      SELECT created_at, username, display_name, role, is_disabled, kf_account, team_id,
             row_number() OVER (ORDER BY created_at, username) AS nth
      FROM users
      WHERE NOT EXISTS (
        SELECT 1 FROM events
        WHERE events.type = 'user.upserted' AND events.payload_json::jsonb #>> '{user,username}' = users.username
      )
    ),
    taken AS (
      -- The log's numbers, taken as any append takes them (postgres-event-log.ts).
      UPDATE log_sequence SET last_seq = last_seq + (SELECT count(*) FROM missing) WHERE id = 1
      RETURNING last_seq - (SELECT count(*) FROM missing) AS before
    )
    INSERT INTO events (seq, at, type, payload_json)
    SELECT (SELECT before FROM taken) + nth, created_at, 'user.upserted', json_build_object(
      'type', 'user.upserted',
      'at', created_at,
      'user', json_build_object(
        'username', username,
        'displayName', display_name,
        'role', role,
        'isDisabled', is_disabled = 1,
        'kfAccount', kf_account,
        'teamId', team_id
      )
    )::text
    FROM missing
    ORDER BY nth;
  `)
  },
}
