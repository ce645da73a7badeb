import type { AccountService } from '../accounts/account-service.js'
import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { RestOnlyCommandName } from '../../common/relay/relay-commands.js'
import type { AuthService } from '../auth/auth-service.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import type { AssignmentService } from '../assignment/assignment-service.js'
import type { CannedResponseService } from '../canned-responses/canned-response-service.js'
import { visibleConversationPage } from '../conversations/visible-conversation-page.js'
import type { FollowerErasure } from '../erasure/follower-erasure.js'
import type { RelayLogger } from '../logger.js'
import type { MediaUploads } from '../media/media-uploads.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import { InvalidCursorError } from '../store/conversation-repository.js'
import type { PresenceTracker } from '../presence/presence-tracker.js'
import { EVERY_ACCOUNT } from '../store/auto-reply-repository.js'
import type { AutoReplyRules } from '../../common/relay/auto-reply-rules.js'
import type { MenuService } from '../menu/menu-service.js'
import { accountTemplatesOf } from '../outbound/account-templates.js'
import type { QrCodeService } from '../qr-codes/qr-code-service.js'
import type { ReportService } from '../reports/report-service.js'
import type { RelayStore } from '../store/relay-store.js'
import type { TagService } from '../tags/tag-service.js'
import type { TeamService } from '../teams/team-service.js'
import type { UserAdminService } from '../teams/user-admin-service.js'
import { conversationAccessIn, conversationAccessOf, teamDirectoryOf } from '../teams/conversation-access.js'
import type { CommandHandler } from './command-handlers.js'

/** One handler per REST-only command of the table. */
export type RestHandlers = { readonly [K in RestOnlyCommandName]: CommandHandler<K> }

/** What the REST-only handlers call. */
export interface RestHandlerDependencies {
  readonly store: RelayStore
  readonly tags: TagService
  readonly cannedResponses: CannedResponseService
  readonly assignment: AssignmentService
  readonly teams: TeamService
  readonly users: UserAdminService
  readonly presence: PresenceTracker
  readonly auth: AuthService
  readonly erasure: FollowerErasure
  readonly accounts: AccountService
  /** Null when WeChat is not configured: uploads answer `not_configured`. */
  readonly sender: WeChatSender | null
  /** The largest picture `media:upload` takes. */
  /** Files agents upload for messages. */
  readonly mediaUploads: Pick<MediaUploads, 'upload'>
  /** The log's published head: a cursor handed out never counts an event not yet on disk. */
  readonly publishedHead: () => number
  /** A session was signed out: its sockets are told and disconnected. */
  readonly onSignedOut: (token: string) => void
  /** The relay's OpenAPI document. */
  readonly openApiDocument: () => Record<string, unknown>
  readonly logger: RelayLogger
  readonly now: () => number
  readonly reports: ReportService
  readonly qrCodes: QrCodeService
  readonly menus: MenuService
}

/**
 * The domain function behind each REST-only command: the registrar has parsed the request and checked the
 * command's permission for the user as they are now; what depends on one conversation or one user's own
 * things is checked here, by the domain that reads them.
 */
export function createRestHandlers(dependencies: RestHandlerDependencies): RestHandlers {
  const { store, tags, cannedResponses, assignment, teams, users, presence } = dependencies
  const { auth, erasure, logger } = dependencies

  /** Saves one account's rules (or every account's, `*`); the log says who changed them when. */
  const saveAutoReplies = (user: User, accountKey: string, rules: AutoReplyRules) =>
    store.transaction(async (tx) => {
      const at = dependencies.now()
      const saved = await tx.autoReplies.put(accountKey, rules, at, user.username)
      const target = accountKey === EVERY_ACCOUNT ? null : accountKey
      await recordAudit(tx, at, { actor: user.username, action: 'auto-replies.updated', target })
      return saved
    })

  /** What is kept per account is kept only for accounts the relay knows. */
  function accountOrThrow(accountKey: string): void {
    if (!dependencies.accounts.isKnown(accountKey))
      throw new RelayError('not_found', `No official account "${accountKey}".`)
  }

  const mayView = async (user: User, conversation: Conversation): Promise<boolean> =>
    can(user, 'conversation:view', conversation, await conversationAccessOf(store, user, conversation))
  return {
    'session:create': (_user, request, caller) =>
      auth.signIn(request.username, request.password, caller.address() ?? undefined),
    'session:end': async (_user, _request, caller) => {
      // This one session ends; the user's others go on.
      if (caller.token === null) throw new RelayError('invalid', 'Sign out over REST, with the token.')
      await auth.signOut(caller.token)
      dependencies.onSignedOut(caller.token)
      return null
    },
    'openapi:get': () => dependencies.openApiDocument(),
    'conversations:list': async (user, request) => {
      // The head is read before the page: what the page holds is at or past it, and a desktop that
      // follows the log from it hears again at most what it already has (events are idempotent).
      const cursor = dependencies.publishedHead()
      try {
        const directory = await teamDirectoryOf(store)
        const page = await visibleConversationPage(store.conversations, request, (conversation) =>
          can(user, 'conversation:view', conversation, conversationAccessIn(directory, user, conversation)),
        )
        return { ...page, cursor }
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new RelayError('invalid', error.message)
        throw error
      }
    },
    'messages:list': async (user, { conversationId, ...query }) => {
      const conversation = await store.conversations.get(conversationId)
      if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
      if (!(await mayView(user, conversation))) throw new RelayError('forbidden', 'Not your conversation.')
      const page = await store.messages.listBefore(conversationId, query)
      if (page === null)
        throw new RelayError('invalid', `No message ${query.before} in conversation ${conversationId}.`)
      return page
    },
    'conversation:erase': (user, request) => erasure.erase(user, request.conversationId, 'request'),
    'media:upload': (user, request) => dependencies.mediaUploads.upload(user, request),
    'tags:list': () => tags.list(),
    'tag:create': (user, request) => tags.create(user, request),
    'tag:update': (user, { tagId, ...change }) => tags.update(user, tagId, change),
    'canned-responses:list': (user) => cannedResponses.list(user),
    'canned-response:create': (user, request) => cannedResponses.create(user, request),
    'canned-response:get-picture': (user, request) => cannedResponses.picture(user, request.cannedResponseId),
    'canned-response:upload-media': (user, request) =>
      cannedResponses.uploadMedia(user, request.cannedResponseId, request.accountKey),
    'canned-response:delete': (user, request) => cannedResponses.delete(user, request.cannedResponseId),
    'users:list': () => users.list(),
    'user:create': (user, request) => auth.createUser(user.username, request),
    'user:update': (user, { username, ...update }) => users.update(user, username, update),
    'user:list-open-conversations': (user, request) => assignment.openConversationsOf(user, request.username),
    'user:hand-over': (user, { username, ...handover }) => assignment.handover(user, username, handover),
    'accounts:list': (user) => dependencies.accounts.list(user),
    'account:create': (user, request) => dependencies.accounts.create(user, request),
    'account:update': (user, { accountKey, ...update }) =>
      dependencies.accounts.update(user, accountKey, update),
    'teams:list': () => teams.list(),
    'team:create': (user, request) => teams.create(user, request),
    'team:update': (user, { teamId, ...update }) => teams.update(user, teamId, update),
    'presence:list': () => presence.list(),
    'sign-in-throttles:list': () => ({ throttles: auth.signInThrottles() }),
    'sign-in-throttles:clear': async (user, filter) => {
      const cleared = await auth.clearSignInThrottles(user.username, filter)
      logger.info({ admin: user.username, cleared }, 'sign-in throttles cleared')
      return { cleared }
    },
    'auto-replies:get': () => store.autoReplies.get(EVERY_ACCOUNT),
    'auto-replies:set': (user, rules) => saveAutoReplies(user, EVERY_ACCOUNT, rules),
    'account-auto-replies:get': async (_user, { accountKey }) => {
      accountOrThrow(accountKey)
      return await store.autoReplies.get(accountKey)
    },
    'account-auto-replies:set': async (user, { accountKey, ...rules }) => {
      accountOrThrow(accountKey)
      return await saveAutoReplies(user, accountKey, rules)
    },
    'audit-log:list': async (_user, query) => await store.audit.page(query),
    'reports:get': (user, query) => dependencies.reports.report(user, query),
    'qr-codes:list': (_user, { accountKey }) => {
      accountOrThrow(accountKey)
      return dependencies.qrCodes.list(accountKey)
    },
    'templates:list': async (_user, { accountKey }) => {
      accountOrThrow(accountKey)
      return { templates: await accountTemplatesOf(dependencies.sender, accountKey) }
    },
    'menu:get': async (_user, { accountKey }) => {
      accountOrThrow(accountKey)
      return { menu: await dependencies.menus.get(accountKey) }
    },
    'menu:set': async (user, { accountKey, ...menu }) => {
      accountOrThrow(accountKey)
      return { menu: await dependencies.menus.set(user, accountKey, menu) }
    },
    'menu:delete': async (user, { accountKey }) => {
      accountOrThrow(accountKey)
      await dependencies.menus.remove(user, accountKey)
      return { menu: null }
    },
    'qr-code:create': (user, { accountKey, ...request }) => {
      accountOrThrow(accountKey)
      return dependencies.qrCodes.create(user, accountKey, request)
    },
  }
}
