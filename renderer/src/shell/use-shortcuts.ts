import { useEffect } from 'react'
import { requestComposer } from '../composer/composer-events.js'
import { inboxRowIds, itemsOfAccount } from '../inbox/inbox-views.js'
import type { AppStore } from '../store/create-app-store.js'

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** The console's keyboard shortcuts; single keys only fire outside text fields. */
export function useShortcuts(store: AppStore, onHelp: () => void, onEscape: () => void): void {
  useEffect(() => {
    const move = (step: number): void => {
      const state = store.getState()
      // Derived at the key press, so the console does not re-render on every inbox change.
      const rowIds = inboxRowIds(
        itemsOfAccount(Object.values(state.inboxById), state.accountFilter),
        state.view,
        state.statusFilter,
        state.session.user?.username ?? null,
        Date.now(),
      )
      if (rowIds.length === 0) return
      const index = state.selectedConversationId === null ? -1 : rowIds.indexOf(state.selectedConversationId)
      const next = rowIds[Math.min(rowIds.length - 1, Math.max(0, index + step))]
      if (next !== undefined) void state.openConversation(next)
    }
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        event.preventDefault()
        move(event.key === 'ArrowDown' ? 1 : -1)
        return
      }
      if (event.key === 'Escape') onEscape()
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return
      const state = store.getState()
      const selected = state.selectedConversationId
      switch (event.key) {
        case 'j':
          move(1)
          break
        case 'k':
          move(-1)
          break
        case '?':
          onHelp()
          break
        case 'r':
          requestComposer('focus')
          break
        case '/':
          requestComposer('canned')
          break
        case 'n':
          requestComposer('note')
          break
        case 'e':
          if (selected !== null) void state.setStatus(selected, 'resolved')
          break
        case 'a':
          if (selected !== null) void state.claim(selected)
          break
        default:
          return
      }
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [store, onHelp, onEscape])
}
