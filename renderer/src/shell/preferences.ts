import { useEffect, useState } from 'react'
import type { Language } from '../i18n/create-i18n.js'

/** The colour theme the agent chose. */
export type ThemeChoice = 'light' | 'dark' | 'system'

const THEME_KEY = 'kefu.theme'
const LANGUAGE_KEY = 'kefu.language'

/** The saved theme, if any. */
export function savedTheme(): ThemeChoice {
  const value = globalThis.localStorage?.getItem(THEME_KEY)
  return value === 'light' || value === 'dark' ? value : 'system'
}

/** The saved language, if any. */
export function savedLanguage(): string | null {
  return globalThis.localStorage?.getItem(LANGUAGE_KEY) ?? null
}

/** Remembers the language across restarts. */
export function saveLanguage(language: Language): void {
  globalThis.localStorage?.setItem(LANGUAGE_KEY, language)
}

/** The theme choice, applied to `<html data-theme>` and remembered; `system` follows the OS. */
export function useTheme(): readonly [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(savedTheme)
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = (): void => {
      const theme = choice === 'system' ? (media.matches ? 'dark' : 'light') : choice
      document.documentElement.dataset['theme'] = theme
    }
    apply()
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [choice])
  const update = (next: ThemeChoice): void => {
    localStorage.setItem(THEME_KEY, next)
    setChoice(next)
  }
  return [choice, update]
}
