import { join } from 'node:path'

/** Where the Electron build of better-sqlite3 is written, apart from the Node build the tests and relay use. */
export const ELECTRON_BINDING_DIR = join('out', 'native')
/** The addon's file name. */
export const BINDING_FILE = 'better_sqlite3.node'

/**
 * better-sqlite3's addon for this Electron: packaged under resources/native (extraResources), in a
 * checkout under out/native (main/electron/rebuild-native.ts builds it on `npm start`/packaging).
 */
export function nativeBindingPath(
  app: { readonly isPackaged: boolean; getAppPath(): string },
  resourcesPath: string,
): string {
  return app.isPackaged
    ? join(resourcesPath, 'native', BINDING_FILE)
    : join(app.getAppPath(), ELECTRON_BINDING_DIR, BINDING_FILE)
}
