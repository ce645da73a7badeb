/**
 * Where the session token lives. The app uses Electron's safeStorage (main/electron); the browser
 * shell and tests a file under the data dir. The core never sees how a secret is protected.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}
