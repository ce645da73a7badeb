import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Tag } from '../../../common/domain/conversation.js'

/**
 * A row's tags as whole chips: the ones that fit are shown in full, the rest become "+N" whose
 * tooltip names them. Chips that do not fit wrap onto a hidden second line, which is how they are
 * found without measuring text.
 */
export function RowTags({ tags }: { tags: readonly Tag[] }) {
  const { t } = useTranslation()
  const listRef = useRef<HTMLSpanElement>(null)
  const [visibleCount, setVisibleCount] = useState(tags.length)
  const key = tags.map((tag) => `${tag.id}:${tag.name}`).join('|')

  useLayoutEffect(() => {
    const list = listRef.current
    if (list === null || tags.length < 2) {
      setVisibleCount(tags.length)
      return
    }
    const measure = (): void => {
      const chips = [...list.children] as HTMLElement[]
      const firstTop = chips[0]?.offsetTop ?? 0
      // The first chip always shows (ellipsized if it alone is too long).
      setVisibleCount(Math.max(1, chips.filter((chip) => chip.offsetTop === firstTop).length))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(list)
    return () => observer.disconnect()
    // Re-measure when the tags (or their names) change, not on every render.
  }, [key, tags.length])

  if (tags.length === 0) return null
  const hidden = tags.slice(visibleCount)
  const allNames = tags.map((tag) => tag.name).join(t('activity.listSeparator'))
  return (
    <>
      <span className="row-tags" ref={listRef} title={allNames} data-testid="row-tags">
        {tags.map((tag, index) => (
          <span
            key={tag.id}
            className="tag-dot"
            style={{ '--tag': tag.color } as CSSProperties}
            aria-hidden={index >= visibleCount ? true : undefined}
            data-testid="row-tag"
          >
            {tag.name}
          </span>
        ))}
      </span>
      {hidden.length > 0 ? (
        <span
          className="tag-more"
          title={hidden.map((tag) => tag.name).join(t('activity.listSeparator'))}
          aria-label={t('inbox.moreTags', {
            count: hidden.length,
            names: hidden.map((tag) => tag.name).join(t('activity.listSeparator')),
          })}
          data-testid="row-tags-more"
        >
          +{hidden.length}
        </span>
      ) : null}
    </>
  )
}
