import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Tag } from '../../../common/domain/conversation.js'
import { fittingChipCount } from './fitting-chip-count.js'

/**
 * A row's tags as whole chips: those that fit beside the countdown, assignee and status are shown in
 * full, the rest are counted in a "+N" chip whose tooltip names them. A label is never cut.
 */
export function RowTags({ tags }: { tags: readonly Tag[] }) {
  const { t } = useTranslation()
  const listRef = useRef<HTMLSpanElement>(null)
  const [visibleCount, setVisibleCount] = useState(tags.length)

  // Runs after every render: the countdown, assignee and status beside the tags change their width.
  useLayoutEffect(() => {
    const list = listRef.current
    const meta = list?.parentElement
    if (list === null || meta === null || meta === undefined) return
    const neighbours = [...meta.children].filter(
      (child) => child !== list && !child.classList.contains('tag-more'),
    ) as HTMLElement[]
    const measure = (): void => {
      const gap = parseFloat(getComputedStyle(meta).columnGap) || 0
      const taken = neighbours.reduce((sum, child) => sum + child.getBoundingClientRect().width + gap, 0)
      // scrollWidth is the chip's whole label even when clipped; +1 absorbs sub-pixel rounding.
      const widths = ([...list.children] as HTMLElement[]).map((chip) => chip.scrollWidth + 1)
      setVisibleCount(fittingChipCount(widths, meta.clientWidth - taken - gap))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(meta)
    for (const child of neighbours) observer.observe(child)
    return () => observer.disconnect()
  })

  if (tags.length === 0) return null
  const separator = t('activity.listSeparator')
  const hidden = tags.slice(visibleCount)
  return (
    <>
      <span
        className="row-tags"
        ref={listRef}
        title={tags.map((tag) => tag.name).join(separator)}
        data-testid="row-tags"
      >
        {tags.map((tag, index) => (
          <span
            key={tag.id}
            className={`tag-dot${index >= visibleCount ? ' is-overflow' : ''}`}
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
          title={hidden.map((tag) => tag.name).join(separator)}
          aria-label={t('inbox.moreTags', {
            count: hidden.length,
            names: hidden.map((tag) => tag.name).join(separator),
          })}
          data-testid="row-tags-more"
        >
          {visibleCount === 0
            ? hidden.map((tag) => (
                <span
                  key={tag.id}
                  className="tag-more__dot"
                  style={{ '--tag': tag.color } as CSSProperties}
                />
              ))
            : null}
          +{hidden.length}
        </span>
      ) : null}
    </>
  )
}
