import { z } from 'zod'
import {
  INVOKE_CHANNELS,
  invokeRequestSchemas,
  type InvokeChannel,
  type InvokeChannels,
} from '../../common/ipc/channels.js'
import type { DesktopCore } from './desktop-core.js'

/** The parsed request of a channel (defaults applied). */
type ParsedRequest<C extends InvokeChannel> = z.output<(typeof invokeRequestSchemas)[C]>

/** One implementation per invoke channel: the whole IPC surface in one map. */
export type IpcHandlerMap = {
  readonly [C in InvokeChannel]: (
    request: ParsedRequest<C>,
  ) => Promise<InvokeChannels[C][1]> | InvokeChannels[C][1]
}

/** A request refused before reaching the core: unknown channel or a body that does not parse. */
export class IpcRequestError extends Error {
  readonly code: 'unknown_channel' | 'invalid'

  constructor(code: 'unknown_channel' | 'invalid', message: string) {
    super(message)
    this.name = 'IpcRequestError'
    this.code = code
  }
}

/** Maps every invoke channel to the core. Both transports use this one map. */
export function createIpcHandlers(core: DesktopCore): IpcHandlerMap {
  return {
    'session:get': () => core.session(),
    'preferences:notifications': () => core.notificationPreferences(),
    'preferences:set-notifications': (request) => core.setNotificationPreferences(request),
    'preferences:set-language': (request) => core.setLanguage(request.language),
    'session:sign-in': (request) => core.signIn(request),
    'session:sign-out': (request) => core.signOut(request),
    'connection:get': () => core.connection(),
    'connection:reconnect': () => core.reconnect(),
    'inbox:list': () => core.inbox(),
    'commands:list': () => core.pendingCommands(),
    'messages:list': (request) => core.messages(request),
    'messages:send': (request) => core.send(request),
    'messages:retry': (request) => core.retry(request),
    'templates:send': (request) => core.sendTemplate(request),
    'notes:add': (request) => core.addNote(request),
    'media:upload': (request) => core.uploadMedia(request),
    'conversations:assign': (request) => core.assign(request),
    'conversations:set-status': (request) => core.setStatus(request),
    'conversations:snooze': (request) => core.snooze(request),
    'conversations:set-tags': (request) => core.setTags(request),
    'conversations:update-follower': (request) => core.updateFollower(request),
    'conversations:mark-read': (request) => core.markRead(request),
    'conversations:mark-unread': (request) => core.markUnread(request),
    'typing:send': (request) => core.typing(request),
    'search:query': (request) => core.search(request),
    'drafts:get': (request) => core.draft(request),
    'drafts:set': (request) => core.setDraft(request),
    'tags:list': () => core.tags(),
    'canned-responses:list': () => core.cannedResponses(),
    'canned-responses:create': (request) => core.createCannedResponse(request),
    'canned-responses:delete': (request) => core.deleteCannedResponse(request),
    'canned-responses:upload-image': (request) => core.uploadCannedImage(request),
    'canned-responses:image': (request) => core.cannedPicture(request),
    'users:list': () => core.users(),
    'users:create': (request) => core.createUser(request),
    'users:update': (request) => core.updateUser(request),
    'users:open-conversations': (request) => core.openConversationsOf(request),
    'users:handover': (request) => core.handover(request),
    'teams:list': () => core.teams(),
    'teams:create': (request) => core.createTeam(request),
    'teams:update': (request) => core.updateTeam(request),
    'conversations:bulk-assign': (request) => core.bulkAssign(request),
    'conversations:view': (request) => core.view(request),
    'presence:list': () => core.presences(),
    'presence:set': (request) => core.setPresence(request),
    'viewing:list': () => core.viewers(),
    'board:get': () => core.board(),
    'relay:call': (request) => core.relayCall(request),
  }
}

/** Whether a value names an invoke channel. */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

/**
 * Checks the channel, parses the request with its schema, then calls the handler. Anything the
 * renderer sends passes through here: types are not validation.
 */
export async function dispatchInvoke(
  handlers: IpcHandlerMap,
  channel: unknown,
  request: unknown,
): Promise<unknown> {
  if (!isInvokeChannel(channel))
    throw new IpcRequestError('unknown_channel', `Unknown channel: ${String(channel).slice(0, 64)}`)
  const parsed = invokeRequestSchemas[channel].safeParse(request)
  if (!parsed.success)
    throw new IpcRequestError('invalid', `Invalid request for ${channel}: ${z.prettifyError(parsed.error)}`)
  const handler = handlers[channel] as (request: unknown) => unknown
  return handler(parsed.data)
}
