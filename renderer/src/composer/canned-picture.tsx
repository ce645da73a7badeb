import { useTranslation } from 'react-i18next'
import type { CannedImage } from '../../../common/domain/user.js'
import { Icon } from '../shell/icon.js'

/** The picture types WeChat takes for image messages, as a file input's `accept`. */
export const PICTURE_TYPES = 'image/png,image/jpeg,image/gif'

/** Marks a picture canned reply: the picture it sends, by file name. */
export function CannedPicture({ image }: { image: CannedImage }) {
  const { t } = useTranslation()
  return (
    <span className="canned-picture" title={t('composer.pictureReply')} data-testid="canned-picture">
      <Icon name="image" /> {image.fileName}
    </span>
  )
}
