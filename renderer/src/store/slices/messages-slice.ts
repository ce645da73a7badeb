import type { Message, OutgoingBody } from '../../../../common/domain/message.js'
import type { UploadKind } from '../../../../common/relay/media-upload.js'
import type { CannedResponse } from '../../../../common/domain/user.js'
import type { CommandOutcome, InvokeRequest, KefuApi } from '../../../../common/ipc/channels.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { clientMessageId } from '../client-message-id.js'
import { commandResult, thrownResult } from '../command-result.js'

/** One conversation's loaded history: message ids oldest first. */
export interface Thread {
  readonly ids: readonly string[]
  readonly isLoaded: boolean
  readonly hasOlder: boolean
  readonly isLoadingOlder: boolean
}

/** The template message an agent may send once the window has closed. */
export type TemplateRequest = Omit<InvokeRequest<'templates:send'>, 'conversationId' | 'clientMessageId'>

/** An image the agent pasted or picked, ready to upload. */
/** What a video message says beside the video. */
export interface VideoDetails {
  readonly title: string
  readonly description: string
}

export interface ImageFile {
  readonly fileName: string
  readonly mimeType: string
  readonly dataBase64: string
}

/** Messages by id and the loaded history of each conversation. */
export interface MessagesSlice {
  readonly messagesById: Readonly<Record<string, Message>>
  readonly threads: Readonly<Record<string, Thread>>
  readonly applyMessagesChanged: (messages: readonly Message[]) => void
  readonly loadMessages: (conversationId: string) => Promise<void>
  readonly loadOlderMessages: (conversationId: string) => Promise<void>
  /** Loads older pages until `messageId` is in the thread (search jumps), within a bounded count. */
  readonly loadMessagesUntil: (conversationId: string, messageId: string) => Promise<boolean>
  readonly sendText: (conversationId: string, text: string) => Promise<CommandResult>
  readonly sendImage: (conversationId: string, image: ImageFile) => Promise<CommandResult>
  /** A voice note or video (or picture) file, uploaded then sent as the message of its kind. */
  readonly sendFile: (
    conversationId: string,
    file: ImageFile,
    kind: UploadKind,
    video?: VideoDetails,
  ) => Promise<CommandResult>
  /** A card reply's card: an article at once, a mini-program card once its picture is uploaded. */
  readonly sendCannedCard: (conversationId: string, response: CannedResponse) => Promise<CommandResult>
  /** A picture uploaded for a card (a mini-program card's thumbnail): its media id, or why not. */
  readonly uploadPicture: (
    conversationId: string,
    image: ImageFile,
  ) => Promise<
    { readonly ok: true; readonly mediaId: string } | { readonly ok: false; readonly message: string }
  >
  /** An article card or mini-program card. */
  readonly sendCard: (
    conversationId: string,
    card: Extract<OutgoingBody, { type: 'news' | 'miniprogrampage' }>,
  ) => Promise<CommandResult>
  /** Sends a picture canned reply's picture, which the relay keeps and uploads. */
  readonly sendCannedPicture: (conversationId: string, response: CannedResponse) => Promise<CommandResult>
  readonly addNote: (conversationId: string, text: string) => Promise<CommandResult>
  readonly retryMessage: (clientMessageId: string) => Promise<CommandResult>
  readonly sendTemplate: (conversationId: string, request: TemplateRequest) => Promise<CommandResult>
}

const PAGE_SIZE = 50
const MAX_PAGES_TO_FIND = 40
const EMPTY_THREAD: Thread = { ids: [], isLoaded: false, hasOlder: true, isLoadingOlder: false }

function compareMessages(a: Message, b: Message): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * Merges messages by id. An outgoing message first known by main's outbox id may come back with the
 * relay's id: the same `clientMessageId` replaces it instead of showing twice.
 */
export function mergeMessages(
  state: Pick<MessagesSlice, 'messagesById' | 'threads'>,
  incoming: readonly Message[],
): Pick<MessagesSlice, 'messagesById' | 'threads'> {
  if (incoming.length === 0) return state
  const messagesById: Record<string, Message> = { ...state.messagesById }
  const threads: Record<string, Thread> = { ...state.threads }
  const touched = new Map<string, Set<string>>()
  const removed = new Set<string>()
  for (const message of incoming) {
    const ids = touched.get(message.conversationId) ?? new Set(threads[message.conversationId]?.ids ?? [])
    touched.set(message.conversationId, ids)
    if (message.clientMessageId !== null) {
      for (const id of ids) {
        const held = messagesById[id]
        if (id !== message.id && held?.clientMessageId === message.clientMessageId) {
          ids.delete(id)
          removed.add(id)
        }
      }
    }
    messagesById[message.id] = message
    ids.add(message.id)
  }
  for (const id of removed) if (!incoming.some((message) => message.id === id)) delete messagesById[id]
  for (const [conversationId, ids] of touched) {
    const sorted = [...ids]
      .map((id) => messagesById[id])
      .filter((message): message is Message => message !== undefined)
      .sort(compareMessages)
      .map((message) => message.id)
    threads[conversationId] = { ...(threads[conversationId] ?? EMPTY_THREAD), ids: sorted }
  }
  return { messagesById, threads }
}

/** Builds the messages slice over the bridge. */
export function createMessagesSlice(api: KefuApi, { set, get }: SliceTools): MessagesSlice {
  const patchThread = (conversationId: string, patch: Partial<Thread>): void =>
    set((state) => ({
      threads: {
        ...state.threads,
        [conversationId]: { ...(state.threads[conversationId] ?? EMPTY_THREAD), ...patch },
      },
    }))

  const run = async (invoke: () => Promise<CommandOutcome<Message>>): Promise<CommandResult> => {
    try {
      const outcome = await invoke()
      if (outcome.ok) get().applyMessagesChanged([outcome.value])
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }

  const sendBody = (
    conversationId: string,
    body: InvokeRequest<'messages:send'>['body'],
  ): Promise<CommandResult> =>
    run(() => api.invoke('messages:send', { conversationId, clientMessageId: clientMessageId(), body }))

  /**
   * A picture, voice or video message: the file is uploaded first (by `upload`), then sent by its media
   * id as the message of its kind (a video with its title, description and the thumbnail the relay made).
   */
  const sendUploaded = async (
    conversationId: string,
    fileName: string,
    upload: () => Promise<CommandOutcome<{ readonly mediaId: string; readonly thumbMediaId?: string }>>,
    kind: UploadKind = 'image',
    video: VideoDetails = { title: '', description: '' },
  ): Promise<CommandResult> => {
    try {
      const uploaded = await upload()
      if (!uploaded.ok) return commandResult(uploaded)
      const { mediaId, thumbMediaId } = uploaded.value
      if (kind === 'video') {
        if (thumbMediaId === undefined)
          return { ok: false, code: 'internal', message: 'The relay made no thumbnail for the video.' }
        return await sendBody(conversationId, { type: 'video', mediaId, thumbMediaId, ...video, fileName })
      }
      return await sendBody(conversationId, { type: kind, mediaId, fileName })
    } catch (error) {
      return thrownResult(error)
    }
  }

  const loadPage = async (conversationId: string, before: string | undefined): Promise<number> => {
    const page = await api.invoke('messages:list', {
      conversationId,
      limit: PAGE_SIZE,
      ...(before === undefined ? {} : { before }),
    })
    get().applyMessagesChanged(page)
    const thread = get().threads[conversationId] ?? EMPTY_THREAD
    patchThread(conversationId, { hasOlder: page.length >= PAGE_SIZE && thread.hasOlder })
    return page.length
  }

  const loadOlderMessages = async (conversationId: string): Promise<void> => {
    const thread = get().threads[conversationId] ?? EMPTY_THREAD
    if (!thread.hasOlder || thread.isLoadingOlder) return
    patchThread(conversationId, { isLoadingOlder: true })
    try {
      await loadPage(conversationId, thread.ids[0])
    } finally {
      patchThread(conversationId, { isLoadingOlder: false })
    }
  }

  return {
    messagesById: {},
    threads: {},
    applyMessagesChanged: (messages) => set((state) => mergeMessages(state, messages)),
    loadMessages: async (conversationId) => {
      if (get().threads[conversationId]?.isLoaded === true) return
      await loadPage(conversationId, undefined)
      patchThread(conversationId, { isLoaded: true })
    },
    loadOlderMessages,
    loadMessagesUntil: async (conversationId, messageId) => {
      await get().loadMessages(conversationId)
      for (let page = 0; page < MAX_PAGES_TO_FIND; page += 1) {
        const thread = get().threads[conversationId] ?? EMPTY_THREAD
        if (thread.ids.includes(messageId)) return true
        if (!thread.hasOlder) return false
        await loadOlderMessages(conversationId)
      }
      return (get().threads[conversationId]?.ids ?? []).includes(messageId)
    },
    sendText: (conversationId, text) => sendBody(conversationId, { type: 'text', text }),
    sendImage: (conversationId, image) =>
      sendUploaded(conversationId, image.fileName, () =>
        api.invoke('media:upload', { conversationId, ...image }),
      ),
    sendFile: (conversationId, file, kind, video) =>
      sendUploaded(
        conversationId,
        file.fileName,
        () => api.invoke('media:upload', { conversationId, ...file }),
        kind,
        video,
      ),
    sendCard: (conversationId, card) => sendBody(conversationId, card),
    sendCannedCard: async (conversationId, response) => {
      const card = response.card
      if (card === null) return { ok: false, code: 'invalid', message: 'This canned reply sends no card.' }
      if (card.type === 'news') return sendBody(conversationId, { ...card, description: response.body })
      // A mini-program card's thumbnail is the reply's picture, uploaded to the conversation's account.
      try {
        const uploaded = await api.invoke('canned-responses:upload-image', {
          id: response.id,
          conversationId,
        })
        if (!uploaded.ok) return commandResult(uploaded)
        return await sendBody(conversationId, { ...card, thumbMediaId: uploaded.value.mediaId })
      } catch (error) {
        return thrownResult(error)
      }
    },
    uploadPicture: async (conversationId, image) => {
      try {
        const uploaded = await api.invoke('media:upload', { conversationId, ...image })
        if (uploaded.ok) return { ok: true, mediaId: uploaded.value.mediaId }
        const refused = commandResult(uploaded)
        return { ok: false, message: refused.ok ? 'The picture was not uploaded.' : refused.message }
      } catch (error) {
        const thrown = thrownResult(error)
        return { ok: false, message: thrown.ok ? String(error) : thrown.message }
      }
    },
    sendCannedPicture: (conversationId, response) => {
      const image = response.image
      if (image === null)
        return Promise.resolve({ ok: false, code: 'invalid', message: 'This canned reply has no picture.' })
      return sendUploaded(conversationId, image.fileName, () =>
        api.invoke('canned-responses:upload-image', { id: response.id, conversationId }),
      )
    },
    addNote: (conversationId, text) =>
      run(() => api.invoke('notes:add', { conversationId, clientMessageId: clientMessageId(), text })),
    retryMessage: (id) => run(() => api.invoke('messages:retry', { clientMessageId: id })),
    sendTemplate: (conversationId, request) =>
      run(() =>
        api.invoke('templates:send', { conversationId, clientMessageId: clientMessageId(), ...request }),
      ),
  }
}
