import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { notificationPreferencesSchema, type NotificationPreferences } from '../../../common/ipc/channels.js'

/** What a computer whose agent never chose does: notify, with the system sound. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = Object.freeze({
  isEnabled: true,
  hasSound: true,
})

/**
 * The notification preferences of this computer, in `notifications.json` in the data folder: read
 * once on start, answered from memory, written whole on every change. They belong to the computer,
 * not to a user, so they outlast sign-outs.
 */
export function createNotificationPreferences(dataDir: string) {
  const path = join(dataDir, 'notifications.json')
  let preferences = DEFAULT_NOTIFICATION_PREFERENCES
  // Loading and changes take turns, so each change merges into what the one before it left.
  let turn: Promise<unknown> = Promise.resolve()

  function inTurn<T>(step: () => Promise<T>): Promise<T> {
    const result = turn.then(step)
    turn = result.catch(() => undefined)
    return result
  }

  return {
    /** Reads the file; a missing, unreadable or malformed one means the defaults. Never rejects. */
    load: (): Promise<void> =>
      inTurn(async () => {
        preferences = await readPreferences(path)
      }),
    current: (): NotificationPreferences => preferences,
    /** Merges the change and writes it; a failed write rejects and leaves the preferences as they were. */
    update: (change: Partial<NotificationPreferences>): Promise<NotificationPreferences> =>
      inTurn(async () => {
        const changed: NotificationPreferences = {
          isEnabled: change.isEnabled ?? preferences.isEnabled,
          hasSound: change.hasSound ?? preferences.hasSound,
        }
        await mkdir(dataDir, { recursive: true })
        // Write then rename: a crash mid-write leaves the previous file, never half of one.
        const temporary = `${path}.tmp`
        await writeFile(temporary, JSON.stringify(changed))
        await rename(temporary, path)
        preferences = changed
        return changed
      }),
  }
}

async function readPreferences(path: string): Promise<NotificationPreferences> {
  try {
    const parsed = notificationPreferencesSchema.safeParse(JSON.parse(await readFile(path, 'utf8')))
    return parsed.success ? parsed.data : DEFAULT_NOTIFICATION_PREFERENCES
  } catch {
    return DEFAULT_NOTIFICATION_PREFERENCES
  }
}
