import type { Message } from '../../../common/domain/message.js'
import { messageWordsOf } from '../../../common/domain/message-text.js'

/** The words of a message an agent may search for: the same words the inbox and notifications show. */
export function searchTextOf(message: Pick<Message, 'body'>): string {
  return messageWordsOf(message.body)
}
