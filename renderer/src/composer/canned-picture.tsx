import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { CannedResponse } from '../../../common/domain/user.js'
import { PICTURE_CONTENT_TYPES } from '../../../common/relay/media-upload.js'
import { Icon } from '../shell/icon.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** The picture types WeChat takes for image messages, as a file input's `accept`. */
export const PICTURE_TYPES = PICTURE_CONTENT_TYPES.join(',')

/** Marks a picture canned reply: a thumbnail of the picture it sends (once loaded) and its file name. */
export function CannedPicture({ response }: { response: CannedResponse }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const url = useAppStore((state) => state.cannedPictures[response.id])
  useEffect(() => {
    if (response.image !== null) void store.getState().loadCannedPicture(response.id)
  }, [store, response.id, response.image])
  if (response.image === null) return null
  return (
    <span className="canned-picture" title={t('composer.pictureReply')} data-testid="canned-picture">
      {typeof url === 'string' ? (
        <img className="canned-picture__thumb" src={url} alt="" data-testid="canned-picture-thumb" />
      ) : (
        <Icon name="image" />
      )}{' '}
      {response.image.fileName}
    </span>
  )
}

/** Marks a card reply: the kind of card and its title. */
export function CannedCardMark({ response }: { response: CannedResponse }) {
  const { t } = useTranslation()
  if (response.card === null) return null
  return (
    <span className="canned-picture" data-testid="canned-card">
      {response.card.type === 'news' ? '🔗' : '🧩'}{' '}
      {response.card.type === 'news' ? t('message.news') : t('composer.miniprogramCard')} ·{' '}
      {response.card.title}
    </span>
  )
}
