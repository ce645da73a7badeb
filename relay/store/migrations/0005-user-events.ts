import type { Migration } from '../migrate.js'

/**
 * Users created before every user change was logged get one `user.upserted` each, so a desktop
 * replaying the log learns of them (never the password hash: the event names the public fields).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'user-events',
  up: (database) =>
    database.exec(`
    INSERT INTO events (at, type, payload_json)
    SELECT created_at, 'user.upserted', json_object(
      'type', 'user.upserted',
      'at', created_at,
      'user', json_object(
        'username', username,
        'displayName', display_name,
        'role', role,
        'isDisabled', json(iif(is_disabled = 1, 'true', 'false')),
        'kfAccount', kf_account,
        'teamId', team_id
      )
    )
    FROM users
    WHERE NOT EXISTS (
      SELECT 1 FROM events
      WHERE events.type = 'user.upserted' AND json_extract(events.payload_json, '$.user.username') = users.username
    )
    ORDER BY created_at, username;
  `),
}
