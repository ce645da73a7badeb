import { expect, test } from '@playwright/test'
import { createLogger } from '../../../relay/logger.js'
import { signatureOf } from '../../../relay/wechat/signature.js'
import {
  buildPush,
  eventPush,
  sendPush,
  TEST_WECHAT,
  TEST_WECHAT_ENVIRONMENT,
  textMessage,
} from './push-builder.js'
import { signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'

/** Every line the relay logged, at every level. */
function memoryLogger() {
  const lines: string[] = []
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } })
  return { logger, lines }
}

/** The secret values of a push's query string, as WeChat sent them (not the timestamp: it is public). */
function queryValuesOf(path: string): string[] {
  const query = new URL(path, 'http://relay').searchParams
  return ['signature', 'msg_signature', 'nonce', 'openid', 'echostr'].flatMap((name) => query.getAll(name))
}

test('no signature, nonce, echostr, openid or bearer token of any request reaches the log', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const { logger, lines } = memoryLogger()
  const relay = await startTestRelay(
    dataDir,
    { ...TEST_WECHAT_ENVIRONMENT, RELAY_WEBHOOK_BODY_LIMIT: '4096' },
    { logger },
  )
  // Values no log line could contain by chance.
  const secrets = new Set<string>()
  const openIdOf = (label: string): string => {
    const openId = `oSecretOpenId${label}Qz7`
    secrets.add(openId)
    return openId
  }
  const nonceOf = (label: string): string => {
    const nonce = `90417${label.length}3551`
    secrets.add(nonce)
    return nonce
  }
  const send = async (push: ReturnType<typeof buildPush>): Promise<number> => {
    for (const value of queryValuesOf(push.path)) secrets.add(value)
    return (await sendPush(relay.url, push)).status
  }
  try {
    const token = await signIn(relay.url)
    // A keyword rule, so the push also runs the auto-reply path and its log lines.
    const rules = await fetch(`${relay.url}/api/auto-replies`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((response) => response.json() as Promise<{ rules: Record<string, unknown> }>)
    const saved = await fetch(`${relay.url}/api/auto-replies`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...rules.rules,
        keywords: [{ match: 'exact', keyword: 'price', text: 'See the menu.' }],
      }),
    })
    expect(saved.status).toBe(200)

    const valid = openIdOf('Valid')
    expect(
      await send(
        buildPush(textMessage(valid, '7300000000000000001', 'price', Math.floor(Date.now() / 1000)), {
          mode: 'safe',
          nonce: nonceOf('a'),
        }),
      ),
    ).toBe(200)
    expect(await send(buildPush(eventPush(valid, 'subscribe', { EventKey: '' }), { mode: 'safe' }))).toBe(200)
    const forged = openIdOf('Forged')
    expect(
      await send(
        buildPush(textMessage(forged, '7300000000000000002', 'x'), {
          mode: 'plaintext',
          nonce: nonceOf('bb'),
        }),
      ),
    ).toBe(401)
    expect(
      await send(
        buildPush(textMessage(forged, '7300000000000000003', 'x'), {
          mode: 'safe',
          token: 'notthetoken',
          nonce: nonceOf('ccc'),
        }),
      ),
    ).toBe(401)
    const stale = String(Math.floor(Date.now() / 1000) - 3600)
    expect(
      await send(
        buildPush(textMessage(openIdOf('Stale'), '7300000000000000004', 'x'), {
          mode: 'safe',
          timestamp: stale,
          nonce: nonceOf('dddd'),
        }),
      ),
    ).toBe(401)
    const oversized = buildPush(textMessage(openIdOf('Oversized'), '7300000000000000005', 'y'.repeat(8000)), {
      mode: 'safe',
      nonce: nonceOf('eeeee'),
    })
    expect(await send(oversized)).toBe(413)
    const broken = buildPush(textMessage(openIdOf('Broken'), '7300000000000000006', 'x'), {
      mode: 'safe',
      nonce: nonceOf('ffffff'),
    })
    expect(await send({ ...broken, body: `<xml><FromUserName>${openIdOf('InBody')}</xml>` })).toBe(400)

    const echostr = 'EchostrSecret5309Kq'
    secrets.add(echostr)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const echoNonce = nonceOf('ggggggg')
    const echoSignature = signatureOf([TEST_WECHAT.token, timestamp, echoNonce])
    secrets.add(echoSignature)
    const verified = await fetch(
      `${relay.url}/wechat?signature=${echoSignature}&timestamp=${timestamp}&nonce=${echoNonce}&echostr=${echostr}`,
    )
    expect(await verified.text()).toBe(echostr)
    const refusedEcho = await fetch(
      `${relay.url}/wechat?signature=${'1'.repeat(40)}&timestamp=${timestamp}&nonce=${echoNonce}&echostr=${echostr}`,
    )
    expect(refusedEcho.status).toBe(401)

    // REST calls that fail: a route that is not there, a bad cursor, a forged bearer, a broken JSON body.
    const restOpenId = openIdOf('Rest')
    const forgedBearer = 'ForgedBearerToken0451'
    secrets.add(forgedBearer)
    secrets.add(token)
    expect((await fetch(`${relay.url}/api/nowhere?openid=${restOpenId}`)).status).toBe(404)
    const badCursor = await fetch(`${relay.url}/api/conversations?after=${restOpenId}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(badCursor.status).toBe(400)
    const unauthorized = await fetch(`${relay.url}/api/conversations/${restOpenId}/messages`, {
      headers: { authorization: `Bearer ${forgedBearer}` },
    })
    expect(unauthorized.status).toBe(401)
    const brokenJson = await fetch(`${relay.url}/api/session?openid=${restOpenId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"username": "${restOpenId}", "password": `,
    })
    expect(brokenJson.status).toBe(400)
  } finally {
    await relay.close()
    remove()
  }

  const output = lines.join('')
  // The relay did log: the refusals are there, by path and reason.
  expect(output).toContain('"reason":"plaintext_refused"')
  expect(output).toContain('"reason":"stale_timestamp"')
  expect(output).toContain('"reason":"bad_signature"')
  expect(output).toContain('"reason":"too_large"')
  expect(output).toContain('"path":"/wechat"')
  expect(output).toContain('auto-reply answered passively')
  const leaked = [...secrets].filter((secret) => output.includes(secret))
  expect(leaked).toEqual([])
})

test('WECHAT_ACCEPT_PLAINTEXT=true is warned about when the relay starts', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const { logger, lines } = memoryLogger()
  const relay = await startTestRelay(
    dataDir,
    { ...TEST_WECHAT_ENVIRONMENT, WECHAT_ACCEPT_PLAINTEXT: 'true' },
    { logger },
  )
  try {
    const warning = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .find((record) => record.msg.includes('WECHAT_ACCEPT_PLAINTEXT'))
    expect(warning?.level).toBe(40)
  } finally {
    await relay.close()
    remove()
  }
})

test('a request logged by accident is its method and path; an error quoting a URL loses the query', () => {
  const { logger, lines } = memoryLogger()
  logger.info(
    { req: { method: 'POST', url: '/wechat?signature=abc123def&openid=oLeaky', headers: { cookie: 'c' } } },
    'accident',
  )
  logger.error(
    { err: new Error('fetch failed for https://api.example/cgi-bin/token?appsecret=TopSecret9') },
    'x',
  )
  logger.info(
    {
      req: {
        method: 'GET',
        url: '/api/conversations/oLeakyInPath/messages',
        routeOptions: { url: '/api/conversations/:id/messages' },
      },
    },
    'accident on a route',
  )
  const [request, failure, routed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  expect(request!['req']).toEqual({ method: 'POST', path: '/wechat' })
  expect(routed!['req']).toEqual({ method: 'GET', path: '/api/conversations/:id/messages' })
  expect(JSON.stringify(failure)).not.toContain('TopSecret9')
  expect((failure!['err'] as { message: string }).message).toContain('https://api.example/cgi-bin/token?')
})
