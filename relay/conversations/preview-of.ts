import type { MessagePreview } from '../../common/domain/conversation.js'
import type { Message } from '../../common/domain/message.js'
import { messageWordsOf } from '../../common/domain/message-text.js'

const PREVIEW_LENGTH = 120

/** The inbox row's one-line preview of a message. */
export function previewOf(message: Message): MessagePreview {
  return {
    messageId: message.id,
    direction: message.direction,
    // The kind travels in `type` and only the words in `text`: each client labels the kind in its language.
    type: message.body.type,
    text: messageWordsOf(message.body).slice(0, PREVIEW_LENGTH),
    createdAt: message.createdAt,
  }
}
