import type { Message } from '../../../common/domain/message.js'

/** The words of a message an agent may search for; empty for bodies without text. */
export function searchTextOf(message: Pick<Message, 'body'>): string {
  const body = message.body as { readonly type: string } & Record<string, unknown>
  const fields: Record<string, readonly string[]> = {
    text: ['text'],
    note: ['text'],
    voice: ['recognition'],
    link: ['title', 'description'],
    news: ['title', 'description'],
    location: ['label'],
    miniprogrampage: ['title'],
  }
  if (body.type === 'template' && typeof body['data'] === 'object' && body['data'] !== null) {
    return Object.values(body['data'] as Record<string, { value?: unknown }>)
      .map((entry) => (typeof entry?.value === 'string' ? entry.value : ''))
      .filter((value) => value !== '')
      .join(' ')
  }
  return (fields[body.type] ?? [])
    .map((name) => body[name])
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .join(' ')
}
