import type { MessageBody } from './message.js'

/**
 * The kinds of message shown with a label before their words (text and notes are their words alone).
 * Each place that shows a message labels these in its reader's language: the inbox, notifications.
 */
export const LABELLED_MESSAGE_KINDS = [
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
] as const

/** A kind of message that is shown with a label. */
export type LabelledMessageKind = (typeof LABELLED_MESSAGE_KINDS)[number]

/** A kind's label in the reader's language, e.g. `image` → "Image" or "图片". */
export type MessageKindLabel = (kind: LabelledMessageKind) => string

const LABELLED = new Set<string>(LABELLED_MESSAGE_KINDS)

/**
 * The words a message carries, without any label: what was written, the voice transcript, the place,
 * the title and description, a template's values; for an event, unknown kind or activity, the name or
 * detail the relay kept. Empty for pictures and videos. The inbox preview, notifications and search all
 * read a message through this, so a kind shows the same words everywhere.
 */
export function messageWordsOf(body: MessageBody): string {
  switch (body.type) {
    case 'text':
    case 'note':
      return body.text
    case 'voice':
      return 'recognition' in body ? (body.recognition ?? '') : ''
    case 'location':
      return body.label
    case 'link':
    case 'news':
      return joinWords([body.title, body.description])
    case 'miniprogrampage':
      return body.title
    case 'template':
      return joinWords(Object.values(body.data).map((entry) => entry.value))
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

/**
 * A message as one line of plain text: the words alone for text and notes, else the kind's label in
 * brackets, then the words if there are any. Takes the kind and the words apart so the inbox, which
 * gets them from the relay's preview rather than as a body, shows them by the same rule.
 */
export function plainTextOf(kind: string, words: string, labelOf: MessageKindLabel): string {
  if (!isLabelledKind(kind)) return words
  const label = `[${labelOf(kind)}]`
  return words === '' ? label : `${label} ${words}`
}

/** A message body as one line of plain text in the reader's language (see `plainTextOf`). */
export function messageTextOf(body: MessageBody, labelOf: MessageKindLabel): string {
  return plainTextOf(body.type, messageWordsOf(body), labelOf)
}

function isLabelledKind(kind: string): kind is LabelledMessageKind {
  return LABELLED.has(kind)
}

function joinWords(parts: readonly (string | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' ')
}
