import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { AppState } from './app-state.js'
import type { AppStore } from './create-app-store.js'

const StoreContext = createContext<AppStore | null>(null)

/** Provides the app store to the tree. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

/** The store itself, for commands and one-off reads. */
export function useStoreApi(): AppStore {
  const store = useContext(StoreContext)
  if (store === null) throw new Error('useStoreApi needs a StoreProvider above it')
  return store
}

/** Selects the smallest slice a component needs; it re-renders only when that changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector)
}
