import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  notificationPreferencesSchema,
  uiLanguageSchema,
  type NotificationPreferences,
  type UiLanguage,
} from '../../../common/ipc/channels.js'
import { DEFAULT_UI_LANGUAGE } from './desktop-strings.js'

/** What a computer whose agent never chose does: notify, with the system sound. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = Object.freeze({
  isEnabled: true,
  hasSound: true,
})

/** Everything the file keeps: the notification preferences and the language main speaks. */
interface StoredPreferences {
  readonly notifications: NotificationPreferences
  readonly language: UiLanguage
}

const DEFAULTS: StoredPreferences = Object.freeze({
  notifications: DEFAULT_NOTIFICATION_PREFERENCES,
  language: DEFAULT_UI_LANGUAGE,
})

/**
 * The notification preferences of this computer and the language of its agent, in
 * `notifications.json` in the data folder: read once on start, answered from memory, written whole on
 * every change. They belong to the computer, not to a user, so they outlast sign-outs. The language is
 * kept so the tray and notifications speak it from the start, before the window has said it again.
 */
export function createNotificationPreferences(dataDir: string) {
  const path = join(dataDir, 'notifications.json')
  let stored = DEFAULTS
  // Loading and changes take turns, so each change merges into what the one before it left.
  let turn: Promise<unknown> = Promise.resolve()

  function inTurn<T>(step: () => Promise<T>): Promise<T> {
    const result = turn.then(step)
    turn = result.catch(() => undefined)
    return result
  }

  /** Writes the changed state; a failed write rejects and leaves everything as it was. */
  async function save(changed: StoredPreferences): Promise<void> {
    await mkdir(dataDir, { recursive: true })
    // Write then rename: a crash mid-write leaves the previous file, never half of one.
    const temporary = `${path}.tmp`
    await writeFile(temporary, JSON.stringify({ ...changed.notifications, language: changed.language }))
    await rename(temporary, path)
    stored = changed
  }

  return {
    /** Reads the file; a missing, unreadable or malformed one means the defaults. Never rejects. */
    load: (): Promise<void> =>
      inTurn(async () => {
        stored = await readPreferences(path)
      }),
    current: (): NotificationPreferences => stored.notifications,
    /** Merges the change and writes it; a failed write rejects and leaves the preferences as they were. */
    update: (change: Partial<NotificationPreferences>): Promise<NotificationPreferences> =>
      inTurn(async () => {
        const notifications: NotificationPreferences = {
          isEnabled: change.isEnabled ?? stored.notifications.isEnabled,
          hasSound: change.hasSound ?? stored.notifications.hasSound,
        }
        await save({ ...stored, notifications })
        return notifications
      }),
    /** The language the agent chose in the console; English until it has said one. */
    language: (): UiLanguage => stored.language,
    /** Keeps the agent's language; the same language again writes nothing. */
    setLanguage: (language: UiLanguage): Promise<void> =>
      inTurn(async () => {
        if (language !== stored.language) await save({ ...stored, language })
      }),
  }
}

async function readPreferences(path: string): Promise<StoredPreferences> {
  let content: unknown
  try {
    content = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return DEFAULTS
  }
  // Each part falls back on its own: a file from before the language was kept keeps its choices.
  const notifications = notificationPreferencesSchema.safeParse(content)
  const language = uiLanguageSchema.safeParse((content as { language?: unknown } | null)?.language)
  return {
    notifications: notifications.success ? notifications.data : DEFAULT_NOTIFICATION_PREFERENCES,
    language: language.success ? language.data : DEFAULT_UI_LANGUAGE,
  }
}
