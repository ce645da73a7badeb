import type { CannedResponsesSlice } from './slices/canned-responses-slice.js'
import type { ConnectionSlice } from './slices/connection-slice.js'
import type { DataSlice } from './slices/data-slice.js'
import type { InboxSlice } from './slices/inbox-slice.js'
import type { MessagesSlice } from './slices/messages-slice.js'
import type { PreferencesSlice } from './slices/preferences-slice.js'
import type { AutoRepliesSlice } from './slices/auto-replies-slice.js'
import type { MenuSlice } from './slices/menu-slice.js'
import type { TemplatesSlice } from './slices/templates-slice.js'
import type { QrCodesSlice } from './slices/qr-codes-slice.js'
import type { ReportsSlice } from './slices/reports-slice.js'
import type { SessionSlice } from './slices/session-slice.js'
import type { SignInThrottlesSlice } from './slices/sign-in-throttles-slice.js'
import type { TagsSlice } from './slices/tags-slice.js'
import type { TeamSlice } from './slices/team-slice.js'
import type { UiSlice } from './slices/ui-slice.js'
import type { UsersSlice } from './slices/users-slice.js'

/** The whole renderer state: one slice per noun, merged into one zustand store. */
export type AppState = SessionSlice &
  ConnectionSlice &
  InboxSlice &
  MessagesSlice &
  TagsSlice &
  CannedResponsesSlice &
  UsersSlice &
  TeamSlice &
  UiSlice &
  PreferencesSlice &
  DataSlice &
  SignInThrottlesSlice &
  ReportsSlice &
  AutoRepliesSlice &
  QrCodesSlice &
  MenuSlice &
  TemplatesSlice

/** What a command hands back to the component that ran it, so it can show an inline error. */
export type CommandResult =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string }

/** The zustand `set` and `get` a slice is built with. */
export interface SliceTools {
  readonly set: (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void
  readonly get: () => AppState
}
