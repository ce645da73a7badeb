import type { KefuApi, NotificationPreferences, UiLanguage } from '../../../../common/ipc/channels.js'
import type { SliceTools } from '../app-state.js'

/** This computer's preferences that main keeps (theme and language stay in the renderer's storage). */
export interface PreferencesSlice {
  /** Null until read from main. */
  readonly notificationPreferences: NotificationPreferences | null
  readonly loadNotificationPreferences: () => Promise<void>
  readonly setNotificationPreferences: (change: Partial<NotificationPreferences>) => Promise<void>
  /** Tells main the agent's language (at start and on each change), so the tray and notifications speak it. */
  readonly tellLanguage: (language: UiLanguage) => Promise<void>
}

/** Builds the preferences slice over the bridge. */
export function createPreferencesSlice(api: KefuApi, { set }: SliceTools): PreferencesSlice {
  return {
    notificationPreferences: null,
    loadNotificationPreferences: async () =>
      set({ notificationPreferences: await api.invoke('preferences:notifications', null) }),
    setNotificationPreferences: async (change) =>
      set({ notificationPreferences: await api.invoke('preferences:set-notifications', change) }),
    tellLanguage: async (language) => {
      await api.invoke('preferences:set-language', { language })
    },
  }
}
