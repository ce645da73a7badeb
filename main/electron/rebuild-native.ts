import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BINDING_FILE, ELECTRON_BINDING_DIR } from './native-binding.js'

/**
 * Builds better-sqlite3 for the installed Electron into out/native, leaving node_modules' Node build
 * for the tests and the relay (the demo runs both at once). Run on `npm start` and before packaging,
 * never in postinstall: Electron's headers are downloaded here, which a CI without them must not need.
 */
export function rebuildNativeForElectron(root: string): string {
  const require = createRequire(join(root, 'package.json'))
  const electronVersion = (
    JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
  ).version
  const sourceDir = dirname(require.resolve('better-sqlite3/package.json'))
  const target = join(root, ELECTRON_BINDING_DIR, BINDING_FILE)
  const stamp = `${target}.electron-version`
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion)
    return target
  const buildDir = join(root, 'out', 'native-build', 'better-sqlite3')
  rmSync(buildDir, { recursive: true, force: true })
  cpSync(sourceDir, buildDir, {
    recursive: true,
    filter: (path) => !path.includes(`${join(sourceDir, 'build')}`),
  })
  execFileSync(
    process.execPath,
    [
      require.resolve('node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: buildDir, stdio: 'inherit' },
  )
  mkdirSync(dirname(target), { recursive: true })
  cpSync(join(buildDir, 'build', 'Release', BINDING_FILE), target)
  writeFileSync(stamp, electronVersion)
  return target
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
  console.log(`better-sqlite3 for Electron: ${rebuildNativeForElectron(root)}`)
}
