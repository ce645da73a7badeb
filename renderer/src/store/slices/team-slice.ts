import type { Conversation } from '../../../../common/domain/conversation.js'
import type { Message } from '../../../../common/domain/message.js'
import type { AgentPresence, Board, ConversationViewers, Team } from '../../../../common/domain/team.js'
import type { CommandOutcome, InvokeRequest, KefuApi } from '../../../../common/ipc/channels.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'

/** The console's main screens: supervisors add the board, admins the administration. */
export type Screen = 'inbox' | 'board' | 'reports' | 'account' | 'admin'

/** A command's result with the value it answered, for dialogs that show it. */
export type ValueResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string }

/** Handover notes and assignments older than this are history, not news worth a toast. */
const FRESH_HANDOVER_MS = 5 * 60_000

/** Working as a team: presence, viewing marks, the board, selection for bulk moves, users and teams. */
export interface TeamSlice {
  readonly screen: Screen
  readonly presenceByName: Readonly<Record<string, AgentPresence>>
  /** This desktop's status as chosen; `isStatusManual` keeps idle detection from overriding a choice. */
  readonly myStatus: 'online' | 'away'
  readonly isStatusManual: boolean
  /** Other people viewing each conversation (never this user). */
  readonly viewersById: Readonly<Record<string, readonly string[]>>
  readonly board: Board | null
  readonly boardError: string | null
  readonly teams: readonly Team[]
  /** Conversations checked in the inbox for a bulk move. */
  readonly selectedIds: Readonly<Record<string, true>>
  readonly selectionAnchor: string | null
  readonly setScreen: (screen: Screen) => void
  readonly applyPresenceChanged: (presences: readonly AgentPresence[]) => void
  readonly applyViewingChanged: (viewers: ConversationViewers) => void
  readonly applyBoardChanged: (board: Board) => void
  readonly applyTeamsChanged: (teams: readonly Team[]) => void
  /** Toasts the assignments and handover notes that just reached this user from someone else. */
  readonly noticeHandovers: (messages: readonly Message[]) => void
  readonly loadTeamWorkspace: () => Promise<void>
  readonly loadBoard: () => Promise<void>
  readonly loadTeams: () => Promise<CommandResult>
  /** Sets the status by hand (`isManual`) or from idle detection. */
  readonly setMyStatus: (status: 'online' | 'away', isManual: boolean) => Promise<CommandResult>
  /** Idle detection: away after inactivity, online again on return, unless chosen by hand. */
  readonly setIdle: (isIdle: boolean) => void
  /** The conversation on screen changed: the old mark goes, the new one is set. */
  readonly viewConversation: (conversationId: string | null) => void
  readonly toggleSelected: (conversationId: string) => void
  /** Shift-click: selects from the anchor to `conversationId` in the order shown. */
  readonly selectRange: (orderedIds: readonly string[], conversationId: string) => void
  readonly clearSelection: () => void
  readonly bulkReassign: (assignee: string | null, note: string) => Promise<CommandResult>
  readonly loadOpenConversations: (username: string) => Promise<ValueResult<readonly Conversation[]>>
  readonly handover: (
    username: string,
    assignee: string | null,
    conversationIds: readonly string[],
    note: string,
  ) => Promise<CommandResult>
  readonly createUser: (request: InvokeRequest<'users:create'>) => Promise<CommandResult>
  readonly updateUser: (request: InvokeRequest<'users:update'>) => Promise<CommandResult>
  readonly createTeam: (request: InvokeRequest<'teams:create'>) => Promise<CommandResult>
  readonly updateTeam: (request: InvokeRequest<'teams:update'>) => Promise<CommandResult>
  readonly resetTeam: () => void
}

/** Merges teams by id, sorted by name. */
/** The team slice's state before sign-in and after sign-out. */
const FRESH_TEAM_STATE = {
  screen: 'inbox',
  presenceByName: {},
  myStatus: 'online',
  isStatusManual: false,
  viewersById: {},
  board: null,
  boardError: null,
  teams: [],
  selectedIds: {},
  selectionAnchor: null,
} satisfies Partial<TeamSlice>

export function mergeTeams(current: readonly Team[], incoming: readonly Team[]): readonly Team[] {
  const byId = new Map(current.map((team) => [team.id, team]))
  for (const team of incoming) byId.set(team.id, team)
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** Builds the team slice over the bridge. */
export function createTeamSlice(api: KefuApi, { set, get }: SliceTools): TeamSlice {
  let viewed: string | null = null
  const me = (): string | null => get().session.user?.username ?? null

  async function run<T>(
    invoke: () => Promise<CommandOutcome<T>>,
    onValue: (value: T) => void = () => undefined,
  ): Promise<CommandResult> {
    try {
      const outcome = await invoke()
      if (outcome.ok) onValue(outcome.value)
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }

  function keepConversations(conversations: readonly Conversation[]): void {
    for (const conversation of conversations) get().applyConversation(conversation)
  }

  return {
    ...FRESH_TEAM_STATE,
    setScreen: (screen) => {
      set({ screen })
      if (screen === 'board') void get().loadBoard()
      if (screen === 'admin') void get().loadTeams()
    },
    applyPresenceChanged: (presences) =>
      set((state) => {
        const presenceByName = { ...state.presenceByName }
        for (const presence of presences) presenceByName[presence.username] = presence
        return { presenceByName }
      }),
    applyViewingChanged: (viewers) =>
      set((state) => {
        const others = viewers.usernames.filter((username) => username !== me())
        const viewersById = { ...state.viewersById }
        if (others.length === 0) delete viewersById[viewers.conversationId]
        else viewersById[viewers.conversationId] = others
        return { viewersById }
      }),
    applyBoardChanged: (board) => set({ board, boardError: null }),
    applyTeamsChanged: (teams) => set((state) => ({ teams: mergeTeams(state.teams, teams) })),
    noticeHandovers: (messages) => {
      const username = me()
      if (username === null) return
      const now = Date.now()
      const moved = new Set<string>()
      let from: string | null = null
      let note: string | null = null
      for (const message of messages) {
        const sender = message.senderUsername
        if (sender === null || sender === username || now - message.createdAt > FRESH_HANDOVER_MS) continue
        const body = message.body
        const isAssignedToMe =
          body.type === 'activity' && body.action === 'assigned' && body.detail === username
        const isHandoverNote =
          body.type === 'note' &&
          body.isHandover === true &&
          get().inboxById[message.conversationId]?.conversation.assignee === username
        if (!isAssignedToMe && !isHandoverNote) continue
        moved.add(message.conversationId)
        from = sender
        if (body.type === 'note') note = body.text
      }
      if (from === null) return
      const values = { name: get().displayNameOfUser(from), count: moved.size }
      get().showNotice(
        note === null
          ? { kind: 'info', key: 'team.assignedToYou', values }
          : { kind: 'info', key: 'team.handedToYou', values: { ...values, note } },
      )
    },
    loadTeamWorkspace: async () => {
      const [presences, viewers] = await Promise.all([
        api.invoke('presence:list', null),
        api.invoke('viewing:list', null),
      ])
      get().applyPresenceChanged(presences)
      for (const each of viewers) get().applyViewingChanged(each)
      // Everyone: a team's calendar and SLA drive the inbox's SLA countdown too.
      await get().loadTeams()
    },
    loadBoard: async () => {
      try {
        const outcome = await api.invoke('board:get', null)
        if (outcome.ok) get().applyBoardChanged(outcome.value)
        else set({ boardError: outcome.message })
      } catch (error) {
        set({ boardError: error instanceof Error ? error.message : String(error) })
      }
    },
    loadTeams: () =>
      run(
        () => api.invoke('teams:list', null),
        (teams) => set({ teams: mergeTeams([], teams) }),
      ),
    setMyStatus: async (status, isManual) => {
      set({ myStatus: status, isStatusManual: isManual && status === 'away' })
      const result = await run(
        () => api.invoke('presence:set', { status }),
        (presence) => get().applyPresenceChanged([presence]),
      )
      // Offline: main keeps the status and says it when the connection is back.
      return !result.ok && result.code === 'offline' ? { ok: true } : result
    },
    setIdle: (isIdle) => {
      const { isStatusManual, myStatus } = get()
      if (isStatusManual || get().session.user === null) return
      const next = isIdle ? 'away' : 'online'
      if (next !== myStatus) void get().setMyStatus(next, false)
    },
    viewConversation: (conversationId) => {
      if (conversationId === viewed) return
      const previous = viewed
      viewed = conversationId
      const mark = (id: string, isViewing: boolean): void =>
        void api.invoke('conversations:view', { conversationId: id, isViewing }).catch(() => undefined)
      if (previous !== null) mark(previous, false)
      if (conversationId !== null) mark(conversationId, true)
    },
    toggleSelected: (conversationId) =>
      set((state) => {
        const selectedIds = { ...state.selectedIds }
        if (selectedIds[conversationId] === true) delete selectedIds[conversationId]
        else selectedIds[conversationId] = true
        return { selectedIds, selectionAnchor: conversationId }
      }),
    selectRange: (orderedIds, conversationId) =>
      set((state) => {
        const anchor = state.selectionAnchor ?? conversationId
        const from = orderedIds.indexOf(anchor)
        const to = orderedIds.indexOf(conversationId)
        if (from < 0 || to < 0) return { selectedIds: { ...state.selectedIds, [conversationId]: true } }
        const selectedIds: Record<string, true> = { ...state.selectedIds }
        for (const id of orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1)) selectedIds[id] = true
        return { selectedIds }
      }),
    clearSelection: () => set({ selectedIds: {}, selectionAnchor: null }),
    bulkReassign: async (assignee, note) => {
      const conversations = Object.keys(get().selectedIds)
        .map((id) => get().inboxById[id]?.conversation)
        .filter((conversation): conversation is Conversation => conversation !== undefined)
        .map((conversation) => ({ conversationId: conversation.id, version: conversation.version }))
      if (conversations.length === 0) return { ok: false, code: 'invalid', message: 'Nothing is selected.' }
      const trimmed = note.trim()
      const result = await run(
        () =>
          api.invoke('conversations:bulk-assign', {
            conversations,
            assignee,
            ...(trimmed === '' ? {} : { note: trimmed }),
          }),
        keepConversations,
      )
      if (result.ok) {
        get().clearSelection()
        get().showNotice({
          kind: 'info',
          key: assignee === null ? 'team.returnedToQueue' : 'team.reassigned',
          values: {
            count: String(conversations.length),
            name: assignee === null ? '' : get().displayNameOfUser(assignee),
          },
        })
      }
      return result
    },
    loadOpenConversations: async (username) => {
      try {
        const outcome = await api.invoke('users:open-conversations', { username })
        if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message }
        keepConversations(outcome.value)
        return { ok: true, value: outcome.value }
      } catch (error) {
        return thrownResult(error) as ValueResult<readonly Conversation[]>
      }
    },
    handover: async (username, assignee, conversationIds, note) => {
      const trimmed = note.trim()
      const result = await run(
        () =>
          api.invoke('users:handover', {
            username,
            assignee,
            conversationIds: [...conversationIds],
            ...(trimmed === '' ? {} : { note: trimmed }),
          }),
        keepConversations,
      )
      if (result.ok) {
        get().showNotice({
          kind: 'info',
          key: assignee === null ? 'team.returnedToQueue' : 'team.reassigned',
          values: {
            count: String(conversationIds.length),
            name: assignee === null ? '' : get().displayNameOfUser(assignee),
          },
        })
      }
      return result
    },
    createUser: (request) =>
      run(
        () => api.invoke('users:create', request),
        (user) => get().applyUsersChanged([user]),
      ),
    updateUser: (request) =>
      run(
        () => api.invoke('users:update', request),
        (user) => get().applyUsersChanged([user]),
      ),
    createTeam: (request) =>
      run(
        () => api.invoke('teams:create', request),
        (team) => get().applyTeamsChanged([team]),
      ),
    updateTeam: (request) =>
      run(
        () => api.invoke('teams:update', request),
        (team) => get().applyTeamsChanged([team]),
      ),
    resetTeam: () => {
      viewed = null
      set(FRESH_TEAM_STATE)
    },
  }
}
