import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { Tag } from '../../../common/domain/conversation.js'

const CHIP_GAP_PX = 8
/** Room kept for the "+N" chip whenever not every tag fits. */
const MORE_CHIP_PX = 30

/** How many chips (natural widths, in order) fit in `available` px, keeping room for "+N" if needed. */
export function fittingChipCount(widths: readonly number[], available: number): number {
  const total = widths.reduce((sum, width) => sum + width, 0) + CHIP_GAP_PX * Math.max(0, widths.length - 1)
  if (total <= available) return widths.length
  let used = MORE_CHIP_PX
  let count = 0
  for (const width of widths) {
    used += width + CHIP_GAP_PX
    if (used > available) break
    count += 1
  }
  return count
}

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
