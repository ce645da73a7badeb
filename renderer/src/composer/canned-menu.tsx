import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { CannedResponse } from '../../../common/domain/user.js'
import { CannedCardMark, CannedPicture } from './canned-picture.js'

/** The `/` menu: ranked canned replies, the active one highlighted. */
export function CannedMenu({
  responses,
  activeIndex,
  query,
  onChoose,
  onHover,
}: {
  responses: readonly CannedResponse[]
  activeIndex: number
  query: string
  onChoose: (response: CannedResponse) => void
  onHover: (index: number) => void
}) {
  const { t } = useTranslation()
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => {
    listRef.current?.querySelector('.is-active')?.scrollIntoView({ block: 'nearest' })
  }, [activeIndex])
  return (
    <div className="popover canned-menu" data-testid="canned-menu">
      <div className="canned-menu__header">
        <span>{t('composer.cannedTitle')}</span>
        <span className="muted small">{t('composer.cannedHint')}</span>
      </div>
      {responses.length === 0 ? (
        <div className="popover__empty">{t('composer.cannedEmpty', { query })}</div>
      ) : (
        <ul ref={listRef} role="listbox">
          {responses.map((response, index) => (
            <li
              key={response.id}
              role="option"
              aria-selected={index === activeIndex}
              className={`canned-menu__item${index === activeIndex ? ' is-active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault()
                onChoose(response)
              }}
              onMouseEnter={() => onHover(index)}
              data-testid="canned-option"
            >
              <span className="canned-menu__code">/{response.shortCode}</span>
              <span className="canned-menu__body">
                <CannedCardMark response={response} />
                {response.card === null ? <CannedPicture response={response} /> : null}
                {response.body}
              </span>
              <span className={`canned-menu__owner${response.ownerUsername === null ? ' is-team' : ''}`}>
                {response.ownerUsername === null ? t('composer.team') : t('composer.personal')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
