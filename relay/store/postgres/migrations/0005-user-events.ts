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
    INSERT INTO events (at, type, payload_json)
    SELECT created_at, 'user.upserted', json_build_object(
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
    FROM users
    WHERE NOT EXISTS (
      SELECT 1 FROM events
      WHERE events.type = 'user.upserted' AND events.payload_json::jsonb #>> '{user,username}' = users.username
    )
    ORDER BY created_at, username;
  `)
  },
}
