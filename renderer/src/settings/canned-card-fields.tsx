import { useTranslation } from 'react-i18next'
import type { CannedCard } from '../../../common/domain/user.js'

/** A card reply as its form holds it: no card, an article, or a mini-program card. */
export type CardDraft =
  | { readonly type: 'none' }
  | { readonly type: 'news'; readonly title: string; readonly url: string; readonly pictureUrl: string }
  | {
      readonly type: 'miniprogrampage'
      readonly title: string
      readonly appId: string
      readonly pagePath: string
    }

export const NO_CARD: CardDraft = { type: 'none' }

/** The request's `card` of a draft (the relay checks the addresses and the AppID). */
export function cardOf(draft: CardDraft): { card?: CannedCard } {
  if (draft.type === 'none') return {}
  if (draft.type === 'news')
    return {
      card: {
        type: 'news',
        title: draft.title.trim(),
        url: draft.url.trim(),
        pictureUrl: draft.pictureUrl.trim(),
      },
    }
  return {
    card: {
      type: 'miniprogrampage',
      title: draft.title.trim(),
      appId: draft.appId.trim(),
      pagePath: draft.pagePath.trim(),
    },
  }
}

/** Whether the reply sends a card, and the card's fields: an article's link and picture, a mini program's page. */
export function CannedCardFields({
  card,
  onChange,
}: {
  card: CardDraft
  onChange: (card: CardDraft) => void
}) {
  const { t } = useTranslation()
  const title = card.type === 'none' ? '' : card.title
  return (
    <span className="canned-card-fields">
      <select
        value={card.type}
        aria-label={t('settings.cardKind')}
        data-testid="canned-card-kind"
        onChange={(event) => {
          const type = event.target.value
          if (type === 'news') onChange({ type, title, url: '', pictureUrl: '' })
          else if (type === 'miniprogrampage') onChange({ type, title, appId: '', pagePath: '' })
          else onChange(NO_CARD)
        }}
      >
        <option value="none">{t('settings.noCard')}</option>
        <option value="news">{t('message.news')}</option>
        <option value="miniprogrampage">{t('composer.miniprogramCard')}</option>
      </select>
      {card.type === 'none' ? null : (
        <input
          value={card.title}
          placeholder={t('composer.cardName')}
          onChange={(event) => onChange({ ...card, title: event.target.value })}
          data-testid="canned-card-title"
        />
      )}
      {card.type === 'news' ? (
        <>
          <input
            value={card.url}
            placeholder={`${t('composer.cardUrl')} https://`}
            onChange={(event) => onChange({ ...card, url: event.target.value })}
            data-testid="canned-card-url"
          />
          <input
            value={card.pictureUrl}
            placeholder={`${t('composer.cardPictureUrl')} https://`}
            onChange={(event) => onChange({ ...card, pictureUrl: event.target.value })}
            data-testid="canned-card-picture-url"
          />
        </>
      ) : null}
      {card.type === 'miniprogrampage' ? (
        <>
          <input
            value={card.appId}
            placeholder="wx…"
            onChange={(event) => onChange({ ...card, appId: event.target.value })}
            data-testid="canned-card-appid"
          />
          <input
            value={card.pagePath}
            placeholder="pages/index/index"
            onChange={(event) => onChange({ ...card, pagePath: event.target.value })}
            data-testid="canned-card-path"
          />
        </>
      ) : null}
    </span>
  )
}
