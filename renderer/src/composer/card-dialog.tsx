import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OutgoingBody } from '../../../common/domain/message.js'
import { PICTURE_CONTENT_TYPES } from '../../../common/relay/media-upload.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import type { CommandResult } from '../store/app-state.js'
import { DialogActions, FormField, TextField } from './form-field.js'

/** The cards an agent sends from the composer. */
export type Card = Extract<OutgoingBody, { type: 'news' | 'miniprogrampage' }>

const isWebAddress = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * An article card (title, description, link, picture) or a mini-program card (title, AppID, page path,
 * thumbnail picture uploaded first), checked before anything is sent, with a preview as WeChat draws it.
 */
export function CardDialog({
  onClose,
  onSend,
  uploadThumbnail,
}: {
  onClose: () => void
  onSend: (card: Card) => Promise<CommandResult>
  uploadThumbnail: (
    file: File,
  ) => Promise<
    { readonly ok: true; readonly mediaId: string } | { readonly ok: false; readonly message: string }
  >
}) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<Card['type']>('news')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [url, setUrl] = useState('')
  const [pictureUrl, setPictureUrl] = useState('')
  const [appId, setAppId] = useState('')
  const [pagePath, setPagePath] = useState('')
  const [thumbnail, setThumbnail] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)

  const problem = (): string | null => {
    if (title.trim() === '') return t('composer.cardNeedsTitle')
    if (kind === 'news') {
      if (!isWebAddress(url)) return t('composer.cardNeedsUrl')
      if (!isWebAddress(pictureUrl)) return t('composer.cardNeedsPictureUrl')
      return null
    }
    if (!/^wx[0-9a-f]{16}$/i.test(appId.trim())) return t('composer.cardNeedsAppId')
    if (pagePath.trim() === '') return t('composer.cardNeedsPath')
    if (thumbnail === null) return t('composer.cardNeedsThumbnail')
    return null
  }

  const submit = async (): Promise<void> => {
    const refusal = problem()
    if (refusal !== null) {
      setError(refusal)
      return
    }
    setBusy(true)
    setError(null)
    let card: Card
    if (kind === 'news') {
      card = { type: 'news', title: title.trim(), description: description.trim(), url, pictureUrl }
    } else {
      const uploaded = await uploadThumbnail(thumbnail!)
      if (!uploaded.ok) {
        setBusy(false)
        setError(uploaded.message)
        return
      }
      card = {
        type: 'miniprogrampage',
        title: title.trim(),
        appId: appId.trim(),
        pagePath: pagePath.trim(),
        thumbMediaId: uploaded.mediaId,
      }
    }
    const result = await onSend(card)
    setBusy(false)
    if (!result.ok) setError(t('composer.sendFailed', { message: result.message }))
  }

  return (
    <DialogFrame
      title={t('composer.cardTitle')}
      closeLabel={t('media.close')}
      onClose={onClose}
      onSubmit={() => void submit()}
      className="dialog dialog--medium"
      testId="card-dialog"
    >
      <div className="dialog__content">
        <div className="segmented" role="tablist">
          {(['news', 'miniprogrampage'] as const).map((each) => (
            <button
              key={each}
              type="button"
              role="tab"
              aria-selected={kind === each}
              className={`segmented__option${kind === each ? ' is-active' : ''}`}
              onClick={() => setKind(each)}
              data-testid={`card-kind-${each}`}
            >
              {each === 'news' ? t('message.news') : t('composer.miniprogramCard')}
            </button>
          ))}
        </div>
        <FormField label={t('composer.cardName')}>
          <input
            value={title}
            maxLength={64}
            onChange={(event) => setTitle(event.target.value)}
            data-testid="card-title"
          />
        </FormField>
        {kind === 'news' ? (
          <>
            <FormField label={t('composer.cardDescription')}>
              <textarea
                rows={2}
                maxLength={256}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                data-testid="card-description"
              />
            </FormField>
            <TextField
              label={t('composer.cardUrl')}
              value={url}
              placeholder="https://"
              onChange={setUrl}
              testId="card-url"
            />
            <TextField
              label={t('composer.cardPictureUrl')}
              value={pictureUrl}
              placeholder="https://"
              onChange={setPictureUrl}
              testId="card-picture-url"
            />
          </>
        ) : (
          <>
            <TextField
              label={t('composer.cardAppId')}
              value={appId}
              placeholder="wx…"
              onChange={setAppId}
              testId="card-appid"
            />
            <TextField
              label={t('composer.cardPath')}
              value={pagePath}
              placeholder="pages/index/index"
              onChange={setPagePath}
              testId="card-path"
            />
            <FormField label={t('composer.cardThumbnail')}>
              <input
                type="file"
                accept={PICTURE_CONTENT_TYPES.join(',')}
                onChange={(event) => setThumbnail(event.target.files?.[0] ?? null)}
                data-testid="card-thumbnail"
              />
            </FormField>
          </>
        )}
        <div className="card-preview" aria-label={t('composer.cardPreview')} data-testid="card-preview">
          <div className="link-card__title">{title || t('composer.cardName')}</div>
          {kind === 'news' ? (
            <>
              {description === '' ? null : <div className="link-card__description">{description}</div>}
              <div className="link-card__url muted">{isWebAddress(url) ? new URL(url).hostname : url}</div>
            </>
          ) : (
            <div className="link-card__url muted">
              🧩 {t('composer.miniprogramCard')} · {pagePath}
            </div>
          )}
        </div>
        <DialogActions
          cancelLabel={t('composer.cancel')}
          submitLabel={t('composer.send')}
          onCancel={onClose}
          isDisabled={isBusy}
          error={error}
          testId="card-send"
        />
      </div>
    </DialogFrame>
  )
}
