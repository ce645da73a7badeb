import type { KefuApi } from '../../../common/ipc/channels.js'
import type { AppStore } from './create-app-store.js'

/**
 * Wires main's pushes to the store's appliers, then loads the snapshot. Subscribing comes first so no
 * push falls in the gap; the appliers merge by id and version, so a snapshot older than a push loses.
 * Returns the unsubscribe function.
 */
export async function bindBridgeEvents(store: AppStore, api: KefuApi): Promise<() => void> {
  const state = store.getState
  const unsubscribers = [
    api.on('session:changed', (session) => state().applySessionChanged(session)),
    api.on('connection:changed', (connection) => state().applyConnectionChanged(connection)),
    api.on('inbox:changed', (items) => state().applyInboxChanged(items)),
    api.on('messages:changed', (messages) => {
      state().applyMessagesChanged(messages)
      state().noticeHandovers(messages)
    }),
    api.on('tags:changed', (tags) => state().applyTagsChanged(tags)),
    api.on('canned-responses:changed', (responses) => state().applyCannedResponsesChanged(responses)),
    api.on('users:changed', (users) => state().applyUsersChanged(users)),
    api.on('teams:changed', (teams) => state().applyTeamsChanged(teams)),
    api.on('presence:changed', (presences) => state().applyPresenceChanged(presences)),
    api.on('viewing:changed', (viewers) => state().applyViewingChanged(viewers)),
    api.on('board:changed', (board) => state().applyBoardChanged(board)),
    api.on('commands:changed', (commands) => state().applyCommandsChanged(commands)),
    api.on('history:removed', (removed) => state().applyHistoryRemoved(removed)),
    // The conversation on screen is what others see this user viewing.
    store.subscribe((next, previous) => {
      if (next.selectedConversationId !== previous.selectedConversationId)
        next.viewConversation(next.selectedConversationId)
    }),
    api.on(
      'conversation:focus-requested',
      ({ conversationId }) => void state().openConversation(conversationId),
    ),
  ]
  const unbind = (): void => unsubscribers.forEach((unsubscribe) => unsubscribe())
  const session = await api.invoke('session:get', null)
  // A session push that raced the answer already applied the newer state.
  if (!state().isSessionKnown) state().applySessionChanged(session)
  return unbind
}
