import type { MessagePreview } from '../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../common/domain/message.js'

const PREVIEW_LENGTH = 120

/** The inbox row's one-line preview of a message. */
export function previewOf(message: Message): MessagePreview {
  return {
    messageId: message.id,
    direction: message.direction,
    type: message.body.type,
    text: previewTextOf(message.body).slice(0, PREVIEW_LENGTH),
    createdAt: message.createdAt,
  }
}

/** The words of a message; its kind travels in `type`, labelled by each client in its language. */
function previewTextOf(body: MessageBody): string {
  switch (body.type) {
    case 'text':
    case 'note':
      return body.text
    case 'voice':
      return body.recognition ?? ''
    case 'location':
      return body.label
    case 'link':
    case 'news':
    case 'miniprogrampage':
      return body.title
    case 'event':
      return body.event
    case 'unknown':
      return body.msgType
    case 'activity':
      return body.detail
    default:
      return ''
  }
}
