import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { ConfigError } from './config.js'

/** The variable naming an optional file of settings (`NAME=value` lines, as systemd and dotenv write them). */
export const CONFIG_FILE_VARIABLE = 'RELAY_CONFIG_FILE'

/**
 * The relay's environment with the settings of `RELAY_CONFIG_FILE` under it: a variable set in the
 * environment wins over the file, so one value can be overridden for a run without editing the file.
 * A file named but unreadable is a ConfigError naming the variable, not a silent fallback to defaults.
 */
export function environmentWithConfigFile(
  environment: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const path = environment[CONFIG_FILE_VARIABLE]
  if (path === undefined || path.trim() === '') return environment
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error)
    throw new ConfigError(CONFIG_FILE_VARIABLE, `cannot read ${path} (${reason})`)
  }
  return { ...parseEnv(text), ...environment }
}
