import type { AuditEntry } from '../../../../common/domain/audit.js'
import type { CommandOutcome, InboxItem, KefuApi, PushChannels } from '../../../../common/ipc/channels.js'
import type { CommandRequest } from '../../../../common/relay/relay-commands.js'
import type { AccountListing } from '../../../../common/relay/account-listing.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** The data the team owns: the audit log (admins), the erasure of a follower, and what the relay deleted. */
export interface DataSlice {
  /** Audit entries loaded so far, newest first. */
  readonly auditEntries: readonly AuditEntry[]
  /** Where the next older page starts; null when the oldest is loaded. */
  readonly auditNext: number | null
  readonly isAuditLoaded: boolean
  /** Loads the newest page again (`older`: appends the next older page). */
  readonly loadAuditLog: (options?: { readonly older?: boolean }) => Promise<CommandResult>
  /** Admins: the official accounts, as last loaded (secrets never reach the console). */
  readonly accountListings: readonly AccountListing[]
  readonly loadAccounts: () => Promise<CommandResult>
  readonly createAccount: (request: CommandRequest<'account:create'>) => Promise<CommandResult>
  readonly updateAccount: (request: CommandRequest<'account:update'>) => Promise<CommandResult>
  /** Admins: erases the follower at the relay; the conversation goes when `history:removed` arrives. */
  readonly eraseConversation: (conversationId: string) => Promise<CommandResult>
  /** Drops erased conversations and expired messages (and previews of them), as the replica did. */
  readonly applyHistoryRemoved: (removed: PushChannels['history:removed']) => void
}

const AUDIT_PAGE_SIZE = 50

/** Builds the data slice over the bridge. */
export function createDataSlice(api: KefuApi, { set, get }: SliceTools): DataSlice {
  /** An account the relay answered after a change replaces the one listed (or joins the list). */
  async function saveAccount(call: Promise<CommandOutcome<AccountListing>>): Promise<CommandResult> {
    try {
      const outcome = await call
      if (outcome.ok)
        set((state) => ({
          accountListings: [
            ...state.accountListings.filter((account) => account.key !== outcome.value.key),
            outcome.value,
          ],
        }))
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }
  return {
    auditEntries: [],
    auditNext: null,
    isAuditLoaded: false,
    loadAuditLog: async (options = {}) => {
      const before = options.older === true ? (get().auditNext ?? undefined) : undefined
      try {
        const outcome = await callRelay(api, 'audit-log:list', {
          limit: AUDIT_PAGE_SIZE,
          ...(before === undefined ? {} : { before }),
        })
        if (outcome.ok)
          set((state) => ({
            auditEntries:
              before === undefined
                ? outcome.value.entries
                : [...state.auditEntries, ...outcome.value.entries],
            auditNext: outcome.value.next,
            isAuditLoaded: true,
          }))
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    accountListings: [],
    loadAccounts: async () => {
      try {
        const outcome = await callRelay(api, 'accounts:list', {})
        if (outcome.ok) set({ accountListings: outcome.value })
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    createAccount: (request) => saveAccount(callRelay(api, 'account:create', request)),
    updateAccount: (request) => saveAccount(callRelay(api, 'account:update', request)),
    eraseConversation: async (conversationId) => {
      try {
        return commandResult(await callRelay(api, 'conversation:erase', { conversationId }))
      } catch (error) {
        return thrownResult(error)
      }
    },
    applyHistoryRemoved: ({ conversationIds, messagesBefore }) =>
      set((state) => {
        const erased = new Set(conversationIds)
        const isGone = (message: { conversationId: string; createdAt: number }): boolean =>
          erased.has(message.conversationId) ||
          (messagesBefore !== null && message.createdAt < messagesBefore)
        const messagesById = Object.fromEntries(
          Object.entries(state.messagesById).filter(([, message]) => !isGone(message)),
        )
        const threads = Object.fromEntries(
          Object.entries(state.threads)
            .filter(([id]) => !erased.has(id))
            .map(([id, thread]) => [
              id,
              { ...thread, ids: thread.ids.filter((each) => each in messagesById) },
            ]),
        )
        const inboxById: Record<string, InboxItem> = {}
        for (const [id, item] of Object.entries(state.inboxById)) {
          if (erased.has(id)) continue
          const preview = item.conversation.lastMessage
          inboxById[id] =
            preview !== null && messagesBefore !== null && preview.createdAt < messagesBefore
              ? { ...item, conversation: { ...item.conversation, lastMessage: null } }
              : item
        }
        const isSelectedErased =
          state.selectedConversationId !== null && erased.has(state.selectedConversationId)
        return {
          messagesById,
          threads,
          inboxById,
          ...(isSelectedErased ? { selectedConversationId: null } : {}),
        }
      }),
  }
}
