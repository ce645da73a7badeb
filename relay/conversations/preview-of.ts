import type { MessagePreview } from '../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../common/domain/message.js'

const PREVIEW_LENGTH = 120

/** The inbox row's one-line preview of a message. */
export function previewOf(message: Message): MessagePreview {
  return {
    messageId: message.id,
    direction: message.direction,
    text: previewTextOf(message.body).slice(0, PREVIEW_LENGTH),
    createdAt: message.createdAt,
  }
}

function previewTextOf(body: MessageBody): string {
  switch (body.type) {
    case 'text':
    case 'note':
      return body.text
    case 'voice':
      return body.recognition === undefined ? '[Voice]' : `[Voice] ${body.recognition}`
    case 'location':
      return `[Location] ${body.label}`
    case 'link':
    case 'news':
    case 'miniprogrampage':
      return `[Link] ${body.title}`
    case 'event':
      return `[Event] ${body.event}`
    case 'unknown':
      return `[${body.msgType}]`
    case 'activity':
      return body.detail
    case 'template':
      return '[Template]'
    default:
      return `[${body.type[0]!.toUpperCase()}${body.type.slice(1)}]`
  }
}
