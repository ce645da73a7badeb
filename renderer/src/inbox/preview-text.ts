import type { TFunction } from 'i18next'
import type { MessagePreview } from '../../../common/domain/conversation.js'
import { plainTextOf } from '../../../common/domain/message-text.js'

/** The inbox row's preview line: the kind in the agent's language, then the message's own words. */
export function previewText(preview: MessagePreview, t: TFunction): string {
  return plainTextOf(preview.type ?? 'text', preview.text, (kind) => t(`inbox.previewKind.${kind}`))
}
