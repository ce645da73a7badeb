import type { TicketStatus } from '../../../../common/domain/conversation.js'
import type { KefuApi, SearchHit } from '../../../../common/ipc/channels.js'
import type { InboxView } from '../../inbox/inbox-views.js'
import type { SliceTools } from '../app-state.js'

/** Which tickets the inbox lists: `active` = open and pending. */
export type StatusFilter = TicketStatus | 'active' | 'any'

/** A short message for the agent; `key` is an i18n key so it shows in their language. */
export interface Notice {
  readonly kind: 'info' | 'error'
  readonly key: string
  /** Numbers stay numbers: i18next picks the plural form by a numeric `count` only. */
  readonly values?: Readonly<Record<string, string | number>>
}

/** Search over the whole local history. */
export interface SearchState {
  readonly text: string
  readonly hits: readonly SearchHit[]
  readonly isSearching: boolean
  /** The text the hits answer, so a late answer to an older query is dropped. */
  readonly answeredText: string
}

/** What the agent is looking at: selection, view, filters, search, drafts and notices. */
export interface UiSlice {
  readonly selectedConversationId: string | null
  /** The message to scroll to and flash (a search jump), then cleared. */
  readonly focusMessageId: string | null
  readonly view: InboxView
  readonly statusFilter: StatusFilter
  /** The one official account the inbox shows, or null for every account. */
  readonly accountFilter: string | null
  readonly search: SearchState
  readonly notice: Notice | null
  /** Drafts by conversation: the composer reads these; main keeps them across restarts. */
  readonly drafts: Readonly<Record<string, string>>
  readonly setView: (view: InboxView) => void
  readonly setStatusFilter: (filter: StatusFilter) => void
  readonly setAccountFilter: (accountKey: string | null) => void
  readonly openConversation: (conversationId: string, messageId?: string) => Promise<void>
  readonly clearFocusMessage: () => void
  readonly runSearch: (text: string) => Promise<void>
  readonly clearSearch: () => void
  readonly showNotice: (notice: Notice) => void
  readonly dismissNotice: () => void
  readonly setDraft: (conversationId: string, text: string) => void
  /** Writes pending drafts now (on switching conversation or sending). */
  readonly flushDrafts: () => Promise<void>
  /** Tells the follower the agent is typing, at most once per few seconds. */
  readonly sendTyping: (conversationId: string) => void
  readonly resetWorkspace: () => void
  readonly loadWorkspace: () => Promise<void>
}

const DRAFT_SAVE_DELAY_MS = 400
/** WeChat shows "typing" for about 15 s; one signal per 5 s keeps it lit without flooding the relay. */
export const TYPING_INTERVAL_MS = 5_000
const EMPTY_SEARCH: SearchState = { text: '', hits: [], isSearching: false, answeredText: '' }

/** Builds the UI slice over the bridge. */
export function createUiSlice(api: KefuApi, { set, get }: SliceTools): UiSlice {
  const unsavedDrafts = new Set<string>()
  let draftTimer: ReturnType<typeof setTimeout> | null = null
  const lastTypingAt = new Map<string, number>()

  const flushDrafts = async (): Promise<void> => {
    if (draftTimer !== null) clearTimeout(draftTimer)
    draftTimer = null
    const ids = [...unsavedDrafts]
    unsavedDrafts.clear()
    await Promise.all(
      ids.map((conversationId) =>
        api.invoke('drafts:set', { conversationId, text: get().drafts[conversationId] ?? '' }),
      ),
    )
  }

  return {
    selectedConversationId: null,
    focusMessageId: null,
    view: 'all',
    statusFilter: 'active',
    accountFilter: null,
    search: EMPTY_SEARCH,
    notice: null,
    drafts: {},
    setView: (view) => set({ view }),
    setStatusFilter: (statusFilter) => set({ statusFilter }),
    setAccountFilter: (accountFilter) => set({ accountFilter }),
    openConversation: async (conversationId, messageId) => {
      const isSwitch = get().selectedConversationId !== conversationId
      set({ selectedConversationId: conversationId, focusMessageId: messageId ?? null })
      if (isSwitch) void flushDrafts()
      const draft =
        get().drafts[conversationId] === undefined
          ? api.invoke('drafts:get', { conversationId }).then((text) => {
              if (get().drafts[conversationId] === undefined) {
                set((state) => ({ drafts: { ...state.drafts, [conversationId]: text } }))
              }
            })
          : Promise.resolve()
      const messages =
        messageId === undefined
          ? get().loadMessages(conversationId)
          : get()
              .loadMessagesUntil(conversationId, messageId)
              .then(() => undefined)
      const unread =
        (get().inboxById[conversationId]?.unreadCount ?? 0) > 0 ? get().markRead(conversationId) : null
      await Promise.all([draft, messages, unread])
    },
    clearFocusMessage: () => set({ focusMessageId: null }),
    runSearch: async (text) => {
      const trimmed = text.trim()
      if (trimmed === '') {
        set({ search: EMPTY_SEARCH })
        return
      }
      set((state) => ({ search: { ...state.search, text, isSearching: true } }))
      const hits = await api.invoke('search:query', { text: trimmed, limit: 100 })
      if (get().search.text.trim() !== trimmed) return
      set({ search: { text, hits, isSearching: false, answeredText: trimmed } })
    },
    clearSearch: () => set({ search: EMPTY_SEARCH }),
    showNotice: (notice) => set({ notice }),
    dismissNotice: () => set({ notice: null }),
    setDraft: (conversationId, text) => {
      set((state) => ({ drafts: { ...state.drafts, [conversationId]: text } }))
      unsavedDrafts.add(conversationId)
      if (draftTimer !== null) clearTimeout(draftTimer)
      draftTimer = setTimeout(() => void flushDrafts(), DRAFT_SAVE_DELAY_MS)
    },
    flushDrafts,
    sendTyping: (conversationId) => {
      const now = Date.now()
      if (now - (lastTypingAt.get(conversationId) ?? Number.NEGATIVE_INFINITY) < TYPING_INTERVAL_MS) return
      lastTypingAt.set(conversationId, now)
      api.invoke('typing:send', { conversationId, isTyping: true }).catch(() => undefined)
    },
    resetWorkspace: () => {
      set({
        inboxById: {},
        isInboxLoaded: false,
        messagesById: {},
        threads: {},
        selectedConversationId: null,
        focusMessageId: null,
        search: EMPTY_SEARCH,
        drafts: {},
        notice: null,
        // Another user may sign in next: pictures of replies are theirs to load.
        cannedPictures: {},
      })
      get().resetTeam()
    },
    loadWorkspace: async () => {
      await Promise.all([
        get().loadConnection(),
        get().loadInbox(),
        get().loadTags(),
        get().loadCannedResponses(),
        get().loadUsers(),
        get().loadTeamWorkspace(),
      ])
    },
  }
}
