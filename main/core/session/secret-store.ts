/**
 * Where the session token lives. The app uses Electron's safeStorage (main/electron); the browser
 * shell and tests a file under the data dir. The core never sees how a secret is protected.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>
  /** Keeps a secret; answers false when this computer cannot keep it safely, and then nothing was written. */
  set(key: string, value: string): Promise<boolean>
  delete(key: string): Promise<void>
}
