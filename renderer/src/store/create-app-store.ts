import { createStore, type StoreApi } from 'zustand/vanilla'
import type { KefuApi } from '../../../common/ipc/channels.js'
import type { AppState, SliceTools } from './app-state.js'
import { createCannedResponsesSlice } from './slices/canned-responses-slice.js'
import { createConnectionSlice } from './slices/connection-slice.js'
import { createDataSlice } from './slices/data-slice.js'
import { createInboxSlice } from './slices/inbox-slice.js'
import { createMessagesSlice } from './slices/messages-slice.js'
import { createPreferencesSlice } from './slices/preferences-slice.js'
import { createSessionSlice } from './slices/session-slice.js'
import { createAutoRepliesSlice } from './slices/auto-replies-slice.js'
import { createMenuSlice } from './slices/menu-slice.js'
import { createTemplatesSlice } from './slices/templates-slice.js'
import { createQrCodesSlice } from './slices/qr-codes-slice.js'
import { createReportsSlice } from './slices/reports-slice.js'
import { createSignInThrottlesSlice } from './slices/sign-in-throttles-slice.js'
import { createTagsSlice } from './slices/tags-slice.js'
import { createTeamSlice } from './slices/team-slice.js'
import { createUiSlice } from './slices/ui-slice.js'
import { createUsersSlice } from './slices/users-slice.js'

/** The renderer's store. */
export type AppStore = StoreApi<AppState>

/** Builds the one store from its slices over `api` (window.api in the app, a fake bridge in tests). */
export function createAppStore(api: KefuApi): AppStore {
  return createStore<AppState>()((set, get) => {
    const tools: SliceTools = { set, get }
    return {
      ...createSessionSlice(api, tools),
      ...createConnectionSlice(api, tools),
      ...createInboxSlice(api, tools),
      ...createMessagesSlice(api, tools),
      ...createTagsSlice(api, tools),
      ...createCannedResponsesSlice(api, tools),
      ...createUsersSlice(api, tools),
      ...createTeamSlice(api, tools),
      ...createUiSlice(api, tools),
      ...createPreferencesSlice(api, tools),
      ...createDataSlice(api, tools),
      ...createSignInThrottlesSlice(api, tools),
      ...createReportsSlice(api, tools),
      ...createAutoRepliesSlice(api, tools),
      ...createQrCodesSlice(api, tools),
      ...createMenuSlice(api),
      ...createTemplatesSlice(api, tools),
    }
  })
}
