import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { KefuApi } from '../../common/ipc/channels.js'
import { createI18n, initialLanguage } from './i18n/create-i18n.js'
import { App } from './shell/app.js'
import { savedLanguage } from './shell/preferences.js'
import { bindBridgeEvents } from './store/bind-bridge-events.js'
import { createAppStore } from './store/create-app-store.js'
import './styles/app.css'

declare global {
  interface Window {
    /** Injected by the preload (Electron) or the browser shell before this module runs. */
    readonly api: KefuApi
  }
}

const language = initialLanguage(savedLanguage(), navigator.language)
document.documentElement.lang = language
const store = createAppStore(window.api)
void bindBridgeEvents(store, window.api)
// Main keeps the language too (tray, notifications): say it on every start, the saved choice may be new to it.
void store.getState().tellLanguage(language)
const root = document.getElementById('root')
if (root === null) throw new Error('index.html lost its #root element')
createRoot(root).render(
  <StrictMode>
    <App store={store} i18n={createI18n(language)} />
  </StrictMode>,
)
