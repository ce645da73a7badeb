import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { UiLanguage } from '../../../common/ipc/channels.js'
import { en } from './en.js'
import { zhCn } from './zh-cn.js'

/** The UI languages: the contract's, since main speaks them too. */
export type Language = UiLanguage

/** Every UI language with its own name, for the language picker. */
export const LANGUAGES: readonly { readonly code: Language; readonly name: string }[] = [
  { code: 'zh-CN', name: '简体中文' },
  { code: 'en', name: 'English' },
]

/** The language to start in: the saved choice, else the system's (Chinese systems get zh-CN). */
export function initialLanguage(saved: string | null, systemLanguage: string): Language {
  if (saved === 'en' || saved === 'zh-CN') return saved
  return systemLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** Builds the i18next instance the React tree uses. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCn } },
    // React escapes text nodes itself; follower text is never passed through i18next.
    interpolation: { escapeValue: false },
    initAsync: false,
  })
  return instance
}
