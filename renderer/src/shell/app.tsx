import { useCallback } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import type { i18n } from 'i18next'
import type { Language } from '../i18n/create-i18n.js'
import type { AppStore } from '../store/create-app-store.js'
import { StoreProvider, useAppStore } from '../store/store-context.js'
import { ConsoleScreen } from './console-screen.js'
import { saveLanguage, useTheme } from './preferences.js'
import { SignInScreen } from './sign-in-screen.js'

function Screens() {
  const { t, i18n: instance } = useTranslation()
  const [theme, setTheme] = useTheme()
  const isKnown = useAppStore((state) => state.isSessionKnown)
  const isSignedIn = useAppStore((state) => state.session.user !== null)
  const tellLanguage = useAppStore((state) => state.tellLanguage)
  const changeLanguage = useCallback(
    (language: Language) => {
      saveLanguage(language)
      void instance.changeLanguage(language)
      document.documentElement.lang = language
      void tellLanguage(language)
    },
    [instance, tellLanguage],
  )
  if (!isKnown) return <div className="splash">{t('signIn.loading')}</div>
  if (!isSignedIn) return <SignInScreen />
  return <ConsoleScreen theme={theme} onTheme={setTheme} onLanguage={changeLanguage} />
}

/** The renderer's root: store and translations for the screens. */
export function App({ store, i18n }: { store: AppStore; i18n: i18n }) {
  return (
    <StoreProvider store={store}>
      <I18nextProvider i18n={i18n}>
        <Screens />
      </I18nextProvider>
    </StoreProvider>
  )
}
