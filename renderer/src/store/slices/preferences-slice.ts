import type { KefuApi, NotificationPreferences } from '../../../../common/ipc/channels.js'
import type { SliceTools } from '../app-state.js'

/** This computer's preferences that main keeps (theme and language stay in the renderer's storage). */
export interface PreferencesSlice {
  /** Null until read from main. */
  readonly notificationPreferences: NotificationPreferences | null
  readonly loadNotificationPreferences: () => Promise<void>
  readonly setNotificationPreferences: (change: Partial<NotificationPreferences>) => Promise<void>
}

/** Builds the preferences slice over the bridge. */
export function createPreferencesSlice(api: KefuApi, { set }: SliceTools): PreferencesSlice {
  return {
    notificationPreferences: null,
    loadNotificationPreferences: async () =>
      set({ notificationPreferences: await api.invoke('preferences:notifications', null) }),
    setNotificationPreferences: async (change) =>
      set({ notificationPreferences: await api.invoke('preferences:set-notifications', change) }),
  }
}
