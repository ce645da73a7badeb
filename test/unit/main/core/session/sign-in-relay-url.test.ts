import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { RELAY_URL_REFUSAL_MESSAGES } from '../../../../../common/relay/relay-url-refusal.js'
import { createDesktopCore } from '../../../../../main/core/desktop-core.js'
import { createFileSecretStore } from '../../../../../main/core/session/file-secret-store.js'

test('sign-in refuses http:// to another computer in main, before the password leaves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-sign-in-url-'))
  const core = createDesktopCore({
    dataDir: dir,
    secretStore: createFileSecretStore(join(dir, 'secrets.json')),
  })
  try {
    const request = { username: 'ann', password: 'a password' }
    const refused = await core.signIn({ ...request, relayUrl: 'http://kefu.example.com' })
    expect(refused).toEqual({ ok: false, code: 'invalid', message: RELAY_URL_REFUSAL_MESSAGES.insecure })
    expect(refused.ok === false && refused.message).toContain('https://')
    expect(existsSync(join(dir, 'session.json'))).toBe(false)
    // Loopback over http:// and https:// anywhere go on to the network (nothing listens on port 1).
    for (const relayUrl of ['http://127.0.0.1:1', 'https://127.0.0.1:1']) {
      const answer = await core.signIn({ ...request, relayUrl })
      expect({ relayUrl, code: answer.ok ? 'ok' : answer.code }).toEqual({ relayUrl, code: 'offline' })
    }
  } finally {
    core.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
