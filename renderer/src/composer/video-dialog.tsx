import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DialogFrame } from '../shell/dialog-frame.js'
import type { VideoDetails } from '../store/slices/messages-slice.js'
import { DialogActions, FormField } from './form-field.js'

/** WeChat's video message shows a title and a description under the video: asked for before it goes. */
export function VideoDialog({
  fileName,
  onClose,
  onSend,
}: {
  fileName: string
  onClose: () => void
  onSend: (details: VideoDetails) => void
}) {
  const { t } = useTranslation()
  const [title, setTitle] = useState(fileName.replace(/\.[^.]*$/, '').slice(0, 64))
  const [description, setDescription] = useState('')
  return (
    <DialogFrame
      title={t('composer.videoTitle')}
      closeLabel={t('media.close')}
      onClose={onClose}
      onSubmit={() => onSend({ title: title.trim(), description: description.trim() })}
      className="dialog dialog--medium"
      testId="video-dialog"
    >
      <div className="dialog__content">
        <FormField label={t('composer.videoName')}>
          <input
            value={title}
            maxLength={64}
            onChange={(event) => setTitle(event.target.value)}
            data-testid="video-title"
          />
        </FormField>
        <FormField label={t('composer.videoDescription')}>
          <textarea
            value={description}
            maxLength={256}
            rows={3}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="video-description"
          />
        </FormField>
        <DialogActions
          cancelLabel={t('composer.cancel')}
          submitLabel={t('composer.send')}
          onCancel={onClose}
          testId="video-send"
        />
      </div>
    </DialogFrame>
  )
}
