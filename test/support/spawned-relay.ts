import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { TEST_WECHAT_ENVIRONMENT } from '../integration/relay/push-builder.js'
import { ADMIN_PASSWORD } from '../integration/relay/relay-fixture.js'

/** A relay in a process of its own, which a test can kill as an operator's machine dies. */
export interface SpawnedRelay {
  readonly child: ChildProcess
  readonly url: string
  readonly port: number
}

/**
 * Starts `relay/main.ts` as its own process (as `npm run relay` does) on 127.0.0.1:0 over `dataDir`, with
 * `environment` on top (a `RELAY_DATABASE_URL`, say), and answers once it listens.
 */
export async function spawnRelay(
  dataDir: string,
  environment: Record<string, string | undefined> = {},
): Promise<SpawnedRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
    env: {
      ...process.env,
      ...TEST_WECHAT_ENVIRONMENT,
      RELAY_PORT: '0',
      RELAY_HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay did not start within 20 s')), 20_000)
    lines.on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; url?: string }
      if (record.msg === 'relay listening' && record.url !== undefined) {
        clearTimeout(timer)
        resolve(record.url)
      }
    })
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)))
  })
  return { child, url, port: Number(new URL(url).port) }
}
