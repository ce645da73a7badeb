import type { TFunction } from 'i18next'
import type { MessagePreview } from '../../../common/domain/conversation.js'

const LABELLED_KINDS = new Set([
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
  'news',
  'miniprogrampage',
  'template',
  'event',
  'unknown',
])

/** The inbox row's preview line: the kind in the agent's language, then the message's own words. */
export function previewText(preview: MessagePreview, t: TFunction): string {
  const kind = preview.type ?? 'text'
  if (!LABELLED_KINDS.has(kind)) return preview.text
  const label = `[${t(`inbox.previewKind.${kind}`)}]`
  return preview.text === '' ? label : `${label} ${preview.text}`
}
