import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { shownFileOf } from '../../../common/domain/media.js'
import type { InboundMessageBody } from '../../../common/domain/inbound.js'
import type { Message } from '../../../common/domain/message.js'
import { DialogFrame } from '../shell/dialog-frame.js'
import { RichText } from '../text/rich-text.js'
import { amapHref, tencentMapHref, tilesAround } from './map-tiles.js'
import { mediaUrlOf } from './media-url.js'

/** m:ss of a length in milliseconds. */
export function durationText(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** Where the relay is with a message's media while it is not stored: fetching, retrying, or given up. */
function MediaState({ message }: { message: Message }) {
  const { t, i18n } = useTranslation()
  const media = message.media
  if (media === undefined || media.state === 'stored') return null
  if (media.state === 'failed')
    return (
      <div className="media-state media-state--failed" role="alert" data-testid="media-failed">
        {t('media.failed', { reason: media.failure ?? '' })}
      </div>
    )
  const retryAt =
    media.nextAttemptAt === undefined
      ? null
      : new Date(media.nextAttemptAt).toLocaleTimeString(i18n.language, {
          hour: '2-digit',
          minute: '2-digit',
        })
  return (
    <div className="media-state" data-testid="media-fetching">
      {media.failure === undefined
        ? t('media.fetching')
        : t('media.retrying', { reason: media.failure, time: retryAt ?? '' })}
    </div>
  )
}

/** A picture: its thumbnail in the thread, the whole picture (zoom, save) on click. */
export function PictureMedia({ message, fallbackName }: { message: Message; fallbackName?: string }) {
  const { t } = useTranslation()
  const [isOpen, setOpen] = useState(false)
  const preview = shownFileOf(message.media, 'preview')
  if (preview === undefined)
    return (
      <div className="media-card">
        🖼 {fallbackName === undefined ? t('message.image') : t('message.imageSent', { name: fallbackName })}
        <MediaState message={message} />
      </div>
    )
  const original = shownFileOf(message.media, 'whole') ?? preview
  return (
    <>
      <button
        type="button"
        className="bubble__image"
        title={fallbackName ?? t('message.openImage')}
        onClick={() => setOpen(true)}
        data-testid="picture"
        {...(fallbackName === undefined ? {} : { 'data-file-name': fallbackName })}
      >
        <img
          src={mediaUrlOf(message.id, preview.role)}
          alt={t('message.image')}
          loading="lazy"
          {...(original.width !== undefined && original.height !== undefined
            ? { style: { aspectRatio: `${original.width} / ${original.height}` } }
            : {})}
        />
      </button>
      {isOpen ? (
        <PictureViewer
          src={mediaUrlOf(message.id, original.role)}
          fileName={`${message.id}.${original.contentType.split('/')[1] ?? 'img'}`}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  )
}

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const

/** The whole picture over the console: zoom in and out (buttons or wheel), save, Escape to close. */
function PictureViewer({ src, fileName, onClose }: { src: string; fileName: string; onClose: () => void }) {
  const { t } = useTranslation()
  const [zoom, setZoom] = useState(2)
  const step = (by: number) => setZoom((current) => Math.max(0, Math.min(ZOOMS.length - 1, current + by)))
  return (
    <DialogFrame
      title={t('media.picture')}
      closeLabel={t('media.close')}
      onClose={onClose}
      className="dialog picture-viewer"
      testId="picture-viewer"
    >
      <div className="picture-viewer__tools">
        <button type="button" className="button" onClick={() => step(-1)} aria-label={t('media.zoomOut')}>
          −
        </button>
        <span className="picture-viewer__zoom" data-testid="picture-zoom">
          {Math.round(ZOOMS[zoom]! * 100)}%
        </span>
        <button type="button" className="button" onClick={() => step(1)} aria-label={t('media.zoomIn')}>
          +
        </button>
        <a className="button" href={src} download={fileName}>
          {t('media.save')}
        </a>
      </div>
      <div className="picture-viewer__stage" onWheel={(event) => step(event.deltaY < 0 ? 1 : -1)}>
        <img src={src} alt={t('message.image')} style={{ transform: `scale(${ZOOMS[zoom]})` }} />
      </div>
    </DialogFrame>
  )
}

/** A voice note: play and pause, seek, its length, and WeChat's speech-to-text beneath. */
export function VoiceMedia({
  message,
  body,
}: {
  message: Message
  /** A follower's voice note carries its format and transcript; an agent's carries neither. */
  body: { readonly type: 'voice'; readonly format?: string; readonly recognition?: string }
}) {
  const { t } = useTranslation()
  const audio = useRef<HTMLAudioElement>(null)
  const [isPlaying, setPlaying] = useState(false)
  const [position, setPosition] = useState(0)
  const file = shownFileOf(message.media, 'play')
  // A follower's AMR plays as the relay's MP3; an agent's MP3 plays as it is.
  const playable = file !== undefined && (file.role === 'playable' || file.contentType === 'audio/mpeg')
  const [duration, setDuration] = useState((file?.durationMs ?? 0) / 1000)
  useEffect(() => setDuration((file?.durationMs ?? 0) / 1000), [file?.durationMs])
  return (
    <div className="media-card voice-card" data-testid="voice">
      {playable ? (
        <div className="voice-card__player">
          <audio
            ref={audio}
            src={mediaUrlOf(message.id, file.role)}
            preload="metadata"
            onLoadedMetadata={(event) =>
              Number.isFinite(event.currentTarget.duration) && setDuration(event.currentTarget.duration)
            }
            onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
            onEnded={() => setPlaying(false)}
          />
          <button
            type="button"
            className="voice-card__play"
            aria-label={isPlaying ? t('media.pause') : t('media.play')}
            onClick={() => {
              const element = audio.current
              if (element === null) return
              if (element.paused) void element.play()
              else element.pause()
            }}
          >
            {isPlaying ? '❚❚' : '▶'}
          </button>
          <input
            type="range"
            className="voice-card__seek"
            min={0}
            max={duration || 0}
            step={0.1}
            value={Math.min(position, duration || 0)}
            aria-label={t('media.seek')}
            onChange={(event) => {
              const element = audio.current
              if (element !== null) element.currentTime = Number(event.target.value)
              setPosition(Number(event.target.value))
            }}
          />
          <span className="voice-card__time" data-testid="voice-duration">
            {durationText(position * 1000)} / {durationText(duration * 1000)}
          </span>
        </div>
      ) : (
        <div className="media-card__title">
          🎤 {t('message.voice')}
          {body.format === undefined ? null : <span className="muted"> · {body.format}</span>}
        </div>
      )}
      <MediaState message={message} />
      {message.media?.state === 'stored' && !playable ? (
        <div className="media-state media-state--failed">{t('media.notPlayable')}</div>
      ) : null}
      <div className="media-card__body">
        {body.recognition ? (
          <>
            <span className="muted">{t('message.transcript')}: </span>
            <RichText text={body.recognition} />
          </>
        ) : message.direction === 'incoming' ? (
          <span className="muted">{t('message.noTranscript')}</span>
        ) : null}
      </div>
    </div>
  )
}

/** A video or short video: the player, with WeChat's thumbnail until it plays. */
export function VideoMedia({ message, kind }: { message: Message; kind: 'video' | 'shortvideo' }) {
  const { t } = useTranslation()
  const file = shownFileOf(message.media, 'whole')
  const poster = message.media?.files.find((candidate) => candidate.role === 'poster')
  if (file === undefined)
    return (
      <div className="media-card">
        <div className="media-card__title">🎬 {t(`message.${kind}`)}</div>
        <MediaState message={message} />
      </div>
    )
  return (
    <div className="video-card">
      <video
        src={mediaUrlOf(message.id, 'original')}
        controls
        preload="metadata"
        data-testid="video"
        {...(poster === undefined ? {} : { poster: mediaUrlOf(message.id, 'poster') })}
      />
      {file.durationMs === undefined ? null : (
        <div className="video-card__meta muted">
          {t(`message.${kind}`)} · {durationText(file.durationMs)}
        </div>
      )}
    </div>
  )
}

const MAP_WIDTH = 260
const MAP_HEIGHT = 140

/** A follower's location: a small map drawn in its datum (GCJ-02), the label, and links to Amap and Tencent Maps. */
export function LocationCard({ body }: { body: Extract<InboundMessageBody, { type: 'location' }> }) {
  const { t } = useTranslation()
  const zoom = Math.max(3, Math.min(18, Math.round(body.scale || 15)))
  const label = body.label || t('message.location')
  return (
    <div className="media-card location-card" data-testid="location">
      <div className="location-card__map" style={{ width: MAP_WIDTH, height: MAP_HEIGHT }} aria-hidden>
        {tilesAround(body.latitude, body.longitude, zoom, MAP_WIDTH, MAP_HEIGHT).map((tile) => (
          <img
            key={tile.url}
            src={tile.url}
            alt=""
            style={{ left: tile.left, top: tile.top }}
            referrerPolicy="no-referrer"
          />
        ))}
        <span className="location-card__pin">📍</span>
      </div>
      <div className="media-card__title">{label}</div>
      <div className="media-card__body muted">
        {body.latitude.toFixed(5)}, {body.longitude.toFixed(5)} · GCJ-02
      </div>
      <div className="location-card__links">
        <a href={amapHref(body.latitude, body.longitude, label)} target="_blank" rel="noopener noreferrer">
          {t('media.openAmap')}
        </a>
        <a
          href={tencentMapHref(body.latitude, body.longitude, label)}
          target="_blank"
          rel="noopener noreferrer"
        >
          {t('media.openTencentMap')}
        </a>
      </div>
    </div>
  )
}
