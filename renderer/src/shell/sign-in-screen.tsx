import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { relayUrlRefusalOf } from '../../../common/relay/relay-url-refusal.js'
import { useAppStore, useStoreApi } from '../store/store-context.js'
import { safeHref } from '../text/linkify.js'

/** Relay URL, username and password, with errors in plain words. */
export function SignInScreen() {
  const { t } = useTranslation()
  const store = useStoreApi()
  const previousRelay = useAppStore((state) => state.session.relayUrl)
  const connection = useAppStore((state) => state.connection)
  const [relayUrl, setRelayUrl] = useState(previousRelay ?? 'http://127.0.0.1:8080')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)
  const submit = async (): Promise<void> => {
    if (safeHref(relayUrl.trim()) === null) {
      setError(t('signIn.errorUrl'))
      return
    }
    setBusy(true)
    setError(null)
    const result = await store
      .getState()
      .signIn({ relayUrl: relayUrl.trim(), username: username.trim(), password })
    setBusy(false)
    if (result.ok) return
    // Main refused the address (its rule, shared with this screen only to say why in the agent's language).
    const isInsecureUrl = result.code === 'invalid' && relayUrlRefusalOf(relayUrl.trim()) === 'insecure'
    setError(
      isInsecureUrl
        ? t('signIn.errorInsecureUrl')
        : result.code === 'unauthorized'
          ? t('signIn.errorUnauthorized')
          : result.code === 'offline'
            ? t('signIn.errorOffline', { url: relayUrl.trim() })
            : result.code === 'forbidden'
              ? t('signIn.errorForbidden')
              : t('signIn.errorGeneric', { message: result.message }),
    )
  }
  return (
    <main className="sign-in">
      <form
        className="sign-in__card"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
        data-testid="sign-in"
      >
        <div className="brand brand--large">
          <span className="brand__mark">客</span>
          <span>
            <strong>Kefu</strong>
            <small>{t('app.tagline')}</small>
          </span>
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.subtitle')}</p>
        {connection.state === 'revoked' ? (
          <p className="form-error">{t('connection.revokedDetail', { reason: connection.reason })}</p>
        ) : null}
        <label className="field">
          <span className="field__label">{t('signIn.relayUrl')}</span>
          <input
            value={relayUrl}
            onChange={(event) => setRelayUrl(event.target.value)}
            inputMode="url"
            autoComplete="url"
            data-testid="relay-url"
          />
          <span className="field__hint">{t('signIn.relayUrlHint')}</span>
        </label>
        <label className="field">
          <span className="field__label">{t('signIn.username')}</span>
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoComplete="username"
            autoFocus
            data-testid="username"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('signIn.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            data-testid="password"
          />
        </label>
        {error !== null ? (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button--primary button--block"
          disabled={isBusy || username === '' || password === ''}
          data-testid="sign-in-submit"
        >
          {isBusy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  )
}
