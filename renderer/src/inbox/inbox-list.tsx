import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { InboxRow } from './inbox-row.js'
import { SelectBox } from './select-box.js'
import { useInboxRows } from './use-inbox-rows.js'

const ROW_HEIGHT = 84

/** The virtualized inbox: only the rows on screen are mounted, so only they tick. */
export function InboxList() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const { ids } = useInboxRows()
  const view = useAppStore((state) => state.view)
  const filter = useAppStore((state) => state.statusFilter)
  const isLoaded = useAppStore((state) => state.isInboxLoaded)
  const selectedId = useAppStore((state) => state.selectedConversationId)
  const total = useAppStore((state) => Object.keys(state.inboxById).length)
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => ids[index] ?? index,
  })
  const open = useCallback((id: string) => void store.getState().openConversation(id), [store])
  const canSelect = useAppStore((state) => state.session.user !== null && state.session.user.role !== 'agent')
  const isSelecting = useAppStore((state) => Object.keys(state.selectedIds).length > 0)
  const idsRef = useRef(ids)
  idsRef.current = ids
  const orderedIds = useCallback(() => idsRef.current, [])
  // Shift-click selects a range and Ctrl/Cmd-click one row, instead of opening it.
  const selectOnModifiedClick = useCallback(
    (event: MouseEvent, id: string) => {
      if (!event.shiftKey && !event.metaKey && !event.ctrlKey) return
      event.preventDefault()
      event.stopPropagation()
      if (event.shiftKey) store.getState().selectRange(idsRef.current, id)
      else store.getState().toggleSelected(id)
    },
    [store],
  )

  useEffect(() => {
    if (selectedId === null) return
    const index = ids.indexOf(selectedId)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
    // Follow the selection (keyboard next/previous), not every reorder.
  }, [selectedId])

  if (!isLoaded) return <div className="inbox-empty">{t('inbox.loading')}</div>
  if (ids.length === 0) {
    const key =
      total > 0 && filter !== 'any' && view === 'all'
        ? 'inbox.emptyFiltered'
        : view.startsWith('tag:')
          ? 'inbox.emptyTag'
          : `inbox.empty${view.charAt(0).toUpperCase()}${view.slice(1)}`
    return (
      <div className="inbox-empty" data-testid="inbox-empty">
        <div className="inbox-empty__art" aria-hidden>
          ✉
        </div>
        <p>{t(key)}</p>
      </div>
    )
  }
  return (
    <div
      className={`inbox-list${canSelect ? ' inbox-list--selectable' : ''}${isSelecting ? ' is-selecting' : ''}`}
      ref={scrollRef}
      data-testid="inbox-list"
      role="list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const id = ids[row.index]
          if (id === undefined) return null
          return (
            <div
              key={row.key}
              role="listitem"
              className="inbox-list__slot"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              onClickCapture={canSelect ? (event) => selectOnModifiedClick(event, id) : undefined}
            >
              {canSelect ? <SelectBox conversationId={id} orderedIds={orderedIds} /> : null}
              <InboxRow conversationId={id} onOpen={open} />
            </div>
          )
        })}
      </div>
    </div>
  )
}
