import QRCode from 'qrcode'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QrCode } from '../../../common/relay/qr-code-schemas.js'
import { formatFullTime } from '../shell/format-time.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'

/** Print size: 1024 px with a quiet zone reads from across a shop. */
const PRINT_WIDTH = 1024

/** The code as a picture of the URL it encodes, drawn here (WeChat's showqrcode is not needed to print). */
function QrPicture({ code }: { readonly code: QrCode }) {
  const { t } = useTranslation()
  const [dataUrl, setDataUrl] = useState<string | null>(null)
  useEffect(() => {
    let isCurrent = true
    void QRCode.toDataURL(code.url, { width: PRINT_WIDTH, margin: 4, errorCorrectionLevel: 'M' }).then(
      (url) => isCurrent && setDataUrl(url),
    )
    return () => {
      isCurrent = false
    }
  }, [code.url])
  if (dataUrl === null) return <span className="qr-code__picture" />
  return (
    <span className="qr-code__picture">
      <img src={dataUrl} alt={t('qr.pictureOf', { scene: code.scene })} data-testid="qr-picture" />
      <a
        className="button button--small"
        href={dataUrl}
        download={`qr-${code.scene}.png`}
        data-testid="qr-download"
      >
        {t('qr.download')}
      </a>
    </span>
  )
}

/** A new code: its scene, permanent or for some days. */
function NewQrCode({ accountKey }: { readonly accountKey: string }) {
  const { t } = useTranslation()
  const store = useStoreApi()
  const [scene, setScene] = useState('')
  const [isPermanent, setIsPermanent] = useState(true)
  const [days, setDays] = useState('30')
  const [error, setError] = useState<string | null>(null)
  const create = async () => {
    const expireDays = Number(days)
    if (!isPermanent && !(Number.isInteger(expireDays) && expireDays >= 1 && expireDays <= 30)) {
      setError(t('qr.daysRange'))
      return
    }
    const result = await store.getState().createQrCode(accountKey, {
      scene: scene.trim(),
      isPermanent,
      ...(isPermanent ? {} : { expireDays }),
    })
    setError(result.ok ? null : result.message)
    if (result.ok) setScene('')
  }
  return (
    <form
      className="qr-new"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void create()
      }}
    >
      <label className="field">
        <span>{t('qr.scene')}</span>
        <input
          className="admin-input"
          value={scene}
          maxLength={64}
          placeholder="store_poster"
          onChange={(event) => setScene(event.target.value)}
          data-testid="qr-scene"
        />
      </label>
      <label className="field field--inline">
        <span>{t('qr.permanent')}</span>
        <input
          type="checkbox"
          checked={isPermanent}
          onChange={(event) => setIsPermanent(event.target.checked)}
          data-testid="qr-permanent"
        />
      </label>
      {isPermanent ? null : (
        <label className="field field--inline">
          <span>{t('qr.days')}</span>
          <input
            type="number"
            min={1}
            max={30}
            className="admin-input admin-input--cap"
            value={days}
            onChange={(event) => setDays(event.target.value)}
            data-testid="qr-days"
          />
        </label>
      )}
      <button
        type="submit"
        className="button button--primary"
        disabled={scene.trim() === ''}
        data-testid="qr-create"
      >
        {t('qr.create')}
      </button>
      {error === null ? null : (
        <span className="form-error" role="alert" data-testid="qr-error">
          {error}
        </span>
      )}
    </form>
  )
}

/**
 * QR codes by source for one account: each scene's code to show and print, tied to its welcome by the
 * scene, with the followers it brought, still following and who wrote.
 */
export function QrCodesPanel({ accountKey }: { readonly accountKey: string }) {
  const { t, i18n } = useTranslation()
  const store = useStoreApi()
  const listing = useAppStore((state) => (state.qrCodes?.accountKey === accountKey ? state.qrCodes : null))
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void store
      .getState()
      .loadQrCodes(accountKey)
      .then((result) => setError(result.ok ? null : result.message))
  }, [store, accountKey])
  if (error !== null)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    )
  if (listing === null) return <p className="muted">{t('qr.loading')}</p>
  const figuresOf = (scene: string) => listing.scenes.find((each) => each.scene === scene)
  return (
    <section className="board-card qr-codes" data-testid="qr-codes">
      <h2 className="board-card__title">{t('qr.title')}</h2>
      <p className="field__hint">
        {t('qr.hint', { left: listing.permanentLeft.toLocaleString(i18n.language) })}
      </p>
      <NewQrCode accountKey={accountKey} />
      <ul className="qr-list">
        {listing.codes.map((code) => {
          const figures = figuresOf(code.scene)
          return (
            <li key={code.scene} className="qr-code" data-testid="qr-code" data-scene={code.scene}>
              <QrPicture code={code} />
              <span className="qr-code__facts">
                <strong>{code.scene}</strong>
                <span className="muted small">
                  {code.expiresAt === null
                    ? t('qr.isPermanent')
                    : t('qr.expires', { time: formatFullTime(code.expiresAt, i18n.language) })}
                </span>
                <span data-testid="qr-figures">
                  {t('qr.figures', {
                    gained: figures?.followersGained ?? 0,
                    following: figures?.stillFollowing ?? 0,
                    started: figures?.conversationsStarted ?? 0,
                  })}
                </span>
              </span>
            </li>
          )
        })}
      </ul>
      {listing.codes.length === 0 ? <p className="muted">{t('qr.none')}</p> : null}
    </section>
  )
}
