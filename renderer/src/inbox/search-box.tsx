import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { Icon } from '../shell/icon.js'

const SEARCH_DELAY_MS = 250

/** The search box over the whole local history; Ctrl+K focuses it, Esc clears it. */
export function SearchBox() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)
  const searchedText = useAppStore((state) => state.search.text)
  // Cleared elsewhere (a view chosen, the ✕ in the results): empty the box too.
  useEffect(() => {
    if (searchedText === '') setText('')
  }, [searchedText])
  useEffect(() => {
    const timer = setTimeout(() => void store.getState().runSearch(text), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, store])
  useEffect(() => {
    const focus = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        inputRef.current?.focus()
        inputRef.current?.select()
      }
    }
    window.addEventListener('keydown', focus)
    return () => window.removeEventListener('keydown', focus)
  }, [])
  return (
    <div className="search-box">
      <span className="search-box__icon" aria-hidden>
        <Icon name="search" size={15} />
      </span>
      <input
        ref={inputRef}
        type="search"
        value={text}
        placeholder={t('inbox.searchPlaceholder')}
        aria-label={t('inbox.searchPlaceholder')}
        data-testid="search-input"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setText('')
            store.getState().clearSearch()
            event.currentTarget.blur()
          }
        }}
      />
    </div>
  )
}
