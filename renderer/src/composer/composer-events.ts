/** What a keyboard shortcut asks of the composer. */
export type ComposerAction = 'focus' | 'canned' | 'note'

const EVENT_NAME = 'kefu:composer'

/** Asks the mounted composer to focus, open canned replies or toggle note mode. */
export function requestComposer(action: ComposerAction): void {
  window.dispatchEvent(new CustomEvent<ComposerAction>(EVENT_NAME, { detail: action }))
}

/** Listens for composer requests; returns the unsubscribe function. */
export function onComposerRequest(listener: (action: ComposerAction) => void): () => void {
  const handler = (event: Event): void => listener((event as CustomEvent<ComposerAction>).detail)
  window.addEventListener(EVENT_NAME, handler)
  return () => window.removeEventListener(EVENT_NAME, handler)
}
