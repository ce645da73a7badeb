import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRelay, type Relay } from '../../../relay/app.js'
import { loadConfig } from '../../../relay/config.js'
import { createLogger } from '../../../relay/logger.js'
import { storeEnvironmentOfThisTest } from '../../support/store-engine.js'
import { startWeChatSimulator, type WeChatSimulatorOptions } from '../../simulator/wechat-simulator.js'
import { connectAgent } from '../relay/relay-fixture.js'

/** The admin password the outbound relay tests bootstrap with. */
export const ADMIN_PASSWORD = 'outbound admin password'

/** A real relay (safe mode, stable token) pointed at a fresh simulator, both on 127.0.0.1:0. */
export async function startRelayWithSimulator(
  options: WeChatSimulatorOptions & {
    now?: () => number
    /** Reuse this data directory (a restart); the caller removes it. */
    dataDir?: string
  } = {},
) {
  const simulator = await startWeChatSimulator({
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    ...options,
  })
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kefu-outbound-relay-'))
  const environment = {
    RELAY_PORT: '0',
    RELAY_HOST: '127.0.0.1',
    RELAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(await storeEnvironmentOfThisTest(dataDir)),
    WECHAT_TOKEN: simulator.webhookToken,
    WECHAT_APPID: simulator.appId,
    WECHAT_APPSECRET: simulator.appSecret,
    WECHAT_ENCODING_AES_KEY: simulator.encodingAesKey ?? undefined,
    WECHAT_API_BASE: simulator.apiBase,
  }
  const start = (relayDataDir: string) =>
    createRelay(loadConfig({ ...environment, RELAY_DATA_DIR: relayDataDir }), {
      logger: createLogger({ level: 'silent' }),
      ...(options.now === undefined ? {} : { now: options.now }),
    })
  const relay = await start(dataDir)
  const peers: { relay: Relay; dataDir: string }[] = []
  simulator.setRelayUrl(`${relay.url}/wechat`)
  const signIn = async (username = 'admin', password = ADMIN_PASSWORD): Promise<string> => {
    const response = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`)
    return ((await response.json()) as { token: string }).token
  }
  const token = await signIn()
  const api = async (method: string, path: string, body?: unknown, bearer = token) => {
    const response = await fetch(`${relay.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & {
        error?: { code: string; message?: string }
      },
    }
  }
  return {
    simulator,
    relay,
    dataDir,
    token,
    api,
    signIn,
    /** A desktop connected over socket.io as the admin (or `bearer`). */
    connect: (bearer = token) => connectAgent(relay.url, bearer),
    sends: () => simulator.calls.filter((call) => call.endpoint === 'message/custom/send'),
    /**
     * Another relay on the same database and simulator, as behind a load balancer (PostgreSQL only:
     * on SQLite each data directory is a database of its own).
     */
    async startPeer(): Promise<Relay> {
      const peerDataDir = mkdtempSync(join(tmpdir(), 'kefu-outbound-peer-'))
      const peer = await start(peerDataDir)
      peers.push({ relay: peer, dataDir: peerDataDir })
      return peer
    },
    async close() {
      for (const peer of peers) {
        await peer.relay.close()
        rmSync(peer.dataDir, { recursive: true, force: true })
      }
      await relay.close()
      await simulator.close()
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
