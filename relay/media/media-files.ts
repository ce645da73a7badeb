import { mediaFileOf, type MediaFile, type MediaRole } from '../../common/domain/media.js'
import type { User } from '../../common/domain/user.js'
import { RelayError } from '../relay-error.js'
import type { MediaBlob } from '../store/media-repository.js'
import type { StoreAccess } from '../store/relay-store.js'
import { visibleConversationOf } from '../teams/conversation-access.js'

/**
 * A message's media file for a user: only for one who may see its conversation (the one permission rule
 * messages follow), only a file the message holds.
 */
export async function mediaFileFor(
  store: StoreAccess,
  user: User,
  messageId: string,
  role: MediaRole,
): Promise<{ readonly file: MediaFile; readonly blob: MediaBlob }> {
  const message = await store.messages.get(messageId)
  if (message === null) throw new RelayError('not_found', `No message ${messageId}.`)
  await visibleConversationOf(store, user, message.conversationId)
  const file = mediaFileOf(message.media, role)
  if (file === undefined) throw new RelayError('not_found', `Message ${messageId} holds no ${role} file.`)
  const blob = await store.media.blob(file.hash)
  if (blob === null) throw new RelayError('not_found', `The ${role} file of message ${messageId} is gone.`)
  return { file, blob }
}
