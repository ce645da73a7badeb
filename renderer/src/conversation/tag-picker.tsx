import { isWithinAccounts } from '../../../common/domain/account.js'
import { useRef, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Conversation } from '../../../common/domain/conversation.js'
import { useDismiss } from '../shell/use-dismiss.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** The conversation's coloured tags and a menu to apply or remove them. */
export function TagPicker({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const tags = useAppStore((state) => state.tags)
  // The menu offers the tags for this conversation's official account; those already on it stay shown.
  const offered = tags.filter(
    (tag) =>
      conversation.tagIds.includes(tag.id) || isWithinAccounts(tag.accountKeys, conversation.accountKey),
  )
  const [isOpen, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useDismiss(ref, isOpen, () => setOpen(false))
  const toggle = (tagId: string): void => {
    const next = conversation.tagIds.includes(tagId)
      ? conversation.tagIds.filter((id) => id !== tagId)
      : [...conversation.tagIds, tagId]
    void store.getState().setTags(conversation.id, next)
  }
  return (
    <div className="tag-picker" ref={ref}>
      {conversation.tagIds.map((id) => {
        const tag = tags.find((each) => each.id === id)
        if (tag === undefined) return null
        return (
          <span key={id} className="tag-chip" style={{ '--tag': tag.color } as CSSProperties}>
            {tag.name}
            <button
              type="button"
              aria-label={`${t('template.remove')} ${tag.name}`}
              onClick={() => toggle(id)}
            >
              ×
            </button>
          </span>
        )
      })}
      <button type="button" className="tag-add" onClick={() => setOpen(!isOpen)} data-testid="tag-add">
        + {t('conversation.addTag')}
      </button>
      {isOpen ? (
        <div className="popover tag-menu" role="menu">
          {offered.length === 0 ? <div className="popover__empty">{t('conversation.noTags')}</div> : null}
          {offered.map((tag) => (
            <label key={tag.id} className="tag-menu__item">
              <input
                type="checkbox"
                checked={conversation.tagIds.includes(tag.id)}
                onChange={() => toggle(tag.id)}
              />
              <span className="sidebar__swatch" style={{ '--tag': tag.color } as CSSProperties} />
              {tag.name}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  )
}
