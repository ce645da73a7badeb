import { expect, test } from '@playwright/test'
import { createAccessTokenCache } from '../../../relay/store/access-token-cache.js'
import { awaiting } from '../../../relay/store/awaiting.js'
import { createAccessTokenService } from '../../../relay/outbound/access-token-service.js'
import { PNG_BYTES, startOutboundFixture } from './outbound-fixture.js'

const OPENID = 'oFollower000000000000000001'

test('text, image, news and miniprogrampage reach WeChat as the exact JSON of §3.2', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID] })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    const upload = await fixture.sender.uploadMedia('default', 'image', {
      fileName: 'dot.png',
      mimeType: 'image/png',
      data: PNG_BYTES,
    })
    expect(upload.ok).toBe(true)
    const mediaId = upload.ok ? upload.mediaId : ''
    const uploadCall = fixture.simulator.calls.find((call) => call.endpoint === 'media/upload')
    expect(uploadCall?.query['type']).toBe('image')
    expect(uploadCall?.body).toEqual([
      { name: 'media', fileName: 'dot.png', contentType: 'image/png', size: PNG_BYTES.length },
    ])

    const bodies = [
      { type: 'text', text: '您好 <a href="https://example.com">link</a>' },
      { type: 'image', mediaId },
      {
        type: 'news',
        title: 'T',
        description: 'D',
        url: 'https://example.com/a',
        pictureUrl: 'https://example.com/p.png',
      },
    ] as const
    for (const body of bodies) {
      expect(
        await fixture.sender.deliver(fixture.messageOf(OPENID, body), { kfAccount: 'alice@kefu' }),
      ).toEqual({ ok: true })
    }
    fixture.simulator.recordInteraction(OPENID, 'message')
    const page = {
      type: 'miniprogrampage',
      title: 'Shop',
      appId: 'wxmini0001',
      pagePath: 'pages/index',
      thumbMediaId: mediaId,
    } as const
    expect(await fixture.sender.deliver(fixture.messageOf(OPENID, page), { kfAccount: null })).toEqual({
      ok: true,
    })

    expect(fixture.sends().map((call) => call.body)).toEqual([
      {
        touser: OPENID,
        msgtype: 'text',
        text: { content: '您好 <a href="https://example.com">link</a>' },
        customservice: { kf_account: 'alice@kefu' },
      },
      {
        touser: OPENID,
        msgtype: 'image',
        image: { media_id: mediaId },
        customservice: { kf_account: 'alice@kefu' },
      },
      {
        touser: OPENID,
        msgtype: 'news',
        news: {
          articles: [
            {
              title: 'T',
              description: 'D',
              url: 'https://example.com/a',
              picurl: 'https://example.com/p.png',
            },
          ],
        },
        customservice: { kf_account: 'alice@kefu' },
      },
      {
        touser: OPENID,
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: 'Shop',
          appid: 'wxmini0001',
          pagepath: 'pages/index',
          thumb_media_id: mediaId,
        },
      },
    ])
    expect(fixture.simulator.delivered).toHaveLength(4)
  } finally {
    await fixture.close()
  }
})

test('50 concurrent sends share one token fetch', async () => {
  const followers = Array.from({ length: 50 }, (_, i) => `oConcurrent${String(i).padStart(16, '0')}`)
  const fixture = await startOutboundFixture({ followers })
  try {
    for (const openId of followers) fixture.simulator.recordInteraction(openId, 'message')
    const results = await Promise.all(
      followers.map((openId) =>
        fixture.sender.deliver(fixture.messageOf(openId, { type: 'text', text: 'hi' }), { kfAccount: null }),
      ),
    )
    expect(results.every((result) => result.ok)).toBe(true)
    expect(fixture.tokenFetches()).toHaveLength(1)
    expect(new Set(fixture.sends().map((call) => call.query['access_token'])).size).toBe(1)
  } finally {
    await fixture.close()
  }
})

test('a revoked token is expired once (compare-and-expire) and every send retries with the new one', async () => {
  const followers = Array.from({ length: 20 }, (_, i) => `oRevoked${String(i).padStart(19, '0')}`)
  const fixture = await startOutboundFixture({ followers })
  try {
    for (const openId of followers) fixture.simulator.recordInteraction(openId, 'message')
    const firstToken = await fixture.tokens.get()
    fixture.simulator.revokeTokens()
    const results = await Promise.all(
      followers.map((openId) =>
        fixture.sender.deliver(fixture.messageOf(openId, { type: 'text', text: 'again' }), {
          kfAccount: null,
        }),
      ),
    )
    expect(results.every((result) => result.ok)).toBe(true)
    expect(fixture.tokenFetches()).toHaveLength(2)
    const refused = fixture.sends().filter((call) => call.answer['errcode'] === 40001)
    expect(refused.every((call) => call.query['access_token'] === firstToken)).toBe(true)
    expect(fixture.simulator.delivered).toHaveLength(20)
  } finally {
    await fixture.close()
  }
})

test('40001 on a token WeChat still hands out forces one stable refresh, then the send retries once', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID] })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: 40001 })
    const result = await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'x' }), {
      kfAccount: null,
    })
    expect(result).toEqual({ ok: true })
    expect(
      fixture.tokenFetches().map((call) => (call.body as { force_refresh: boolean }).force_refresh),
    ).toEqual([false, false, true])
    expect(fixture.sends()).toHaveLength(2)
    expect(fixture.simulator.delivered).toHaveLength(1)

    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: 40001, times: 2 })
    const twice = await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'y' }), {
      kfAccount: null,
    })
    // Retried once only: a second token error is a failure, not a loop.
    expect(twice).toMatchObject({ ok: false, failure: { code: 'token_invalid', wechatErrcode: 40001 } })
  } finally {
    await fixture.close()
  }
})

test('-1 is retried with backoff and the follower gets the message once', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID] })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: -1 })
    expect(
      await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'x' }), {
        kfAccount: null,
      }),
    ).toEqual({ ok: true })
    expect(fixture.sends()).toHaveLength(2)
    expect(fixture.simulator.delivered).toHaveLength(1)

    fixture.simulator.inject({ endpoint: 'message/custom/send', errcode: -1, times: 3 })
    const result = await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'y' }), {
      kfAccount: null,
    })
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'wechat_busy', wechatErrcode: -1, isRetryable: true },
    })
    expect(fixture.sends()).toHaveLength(5)
    expect(fixture.simulator.delivered).toHaveLength(1)
  } finally {
    await fixture.close()
  }
})

test('a slow answer is not retried, so a message WeChat took is never sent twice', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID], timeoutMs: 200 })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    fixture.simulator.inject({ endpoint: 'message/custom/send', delayMs: 600 })
    const result = await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'slow' }), {
      kfAccount: null,
    })
    expect(result).toMatchObject({ ok: false, failure: { code: 'delivery_uncertain' } })
    await fixture.simulator.waitForCall((call) => call.endpoint === 'message/custom/send')
    expect(fixture.sends()).toHaveLength(1)
    expect(fixture.simulator.delivered).toHaveLength(1)
  } finally {
    await fixture.close()
  }
})

test('a window that expired by time is refused as window_closed, and quota exhaustion as quota_exhausted', async () => {
  let clock = Date.UTC(2026, 10, 1)
  const fixture = await startOutboundFixture({ followers: [OPENID], now: () => clock })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    const send = () =>
      fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'hello' }), { kfAccount: null })
    for (let i = 0; i < 5; i += 1) expect(await send()).toEqual({ ok: true })
    expect(await send()).toMatchObject({
      ok: false,
      failure: { code: 'quota_exhausted', wechatErrcode: 45047 },
    })

    fixture.simulator.recordInteraction(OPENID, 'message')
    clock += 48 * 3_600_000
    // The token expired too: the client fetches a new one first, then WeChat closes the window.
    expect(await send()).toMatchObject({
      ok: false,
      failure: { code: 'window_closed', wechatErrcode: 45015 },
    })
    expect(fixture.simulator.delivered).toHaveLength(5)
  } finally {
    await fixture.close()
  }
})

test('the token survives a restart: a new service on the same store uses it without a fetch', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID] })
  try {
    const token = await fixture.tokens.get()
    const restarted = createAccessTokenService({
      apiBase: fixture.simulator.apiBase,
      appId: fixture.simulator.appId,
      appSecret: fixture.simulator.appSecret,
      cache: awaiting(createAccessTokenCache(fixture.database)),
    })
    expect(await restarted.get()).toBe(token)
    expect(restarted.fetchCount).toBe(0)
    expect(fixture.tokenFetches()).toHaveLength(1)
  } finally {
    await fixture.close()
  }
})

test('classic tokens come from GET /cgi-bin/token', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID], tokenKind: 'classic' })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    expect(
      await fixture.sender.deliver(fixture.messageOf(OPENID, { type: 'text', text: 'x' }), {
        kfAccount: null,
      }),
    ).toEqual({ ok: true })
    expect(fixture.tokenFetches().map((call) => call.endpoint)).toEqual(['token'])
  } finally {
    await fixture.close()
  }
})

test('typing is forwarded once per 15 s and cancelled only while shown', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID] })
  try {
    fixture.simulator.recordInteraction(OPENID, 'message')
    expect(await fixture.sender.typing(OPENID, true)).toEqual({ ok: true })
    expect(await fixture.sender.typing(OPENID, true)).toEqual({ ok: true })
    expect(await fixture.sender.typing(OPENID, false)).toEqual({ ok: true })
    expect(await fixture.sender.typing(OPENID, false)).toEqual({ ok: true })
    const typingCalls = fixture.simulator.calls.filter((call) => call.endpoint === 'message/custom/typing')
    expect(typingCalls.map((call) => call.body)).toEqual([
      { touser: OPENID, command: 'Typing' },
      { touser: OPENID, command: 'CancelTyping' },
    ])
    expect(typingCalls.every((call) => call.answer['errcode'] === 0)).toBe(true)
  } finally {
    await fixture.close()
  }
})

test('images of the wrong format or size are refused before any call', async () => {
  const fixture = await startOutboundFixture()
  try {
    const text = await fixture.sender.uploadMedia('default', 'image', {
      fileName: 'a.png',
      mimeType: 'image/png',
      data: Buffer.from('not an image'),
    })
    expect(text).toMatchObject({ ok: false, failure: { code: 'unsupported_media_type' } })
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(2 * 1024 * 1024)])
    expect(
      await fixture.sender.uploadMedia('default', 'image', {
        fileName: 'big.png',
        mimeType: 'image/png',
        data: big,
      }),
    ).toMatchObject({
      ok: false,
      failure: { code: 'payload_too_large' },
    })
    expect(fixture.simulator.calls).toHaveLength(0)
  } finally {
    await fixture.close()
  }
})

test('a template goes to template/send with client_msg_id and answers the job id', async () => {
  const fixture = await startOutboundFixture({ followers: [OPENID], isTemplateResultPushed: false })
  try {
    fixture.simulator.recordInteraction(OPENID, 'subscribe')
    const message = fixture.messageOf(OPENID, {
      type: 'template',
      templateId: 'tmpl-001',
      url: 'https://example.com/order/1',
      data: { keyword1: { value: '巧克力' } },
    })
    const result = await fixture.sender.deliver(message, { kfAccount: null })
    expect(result).toMatchObject({ ok: true, wechatMsgId: expect.stringMatching(/^\d+$/) })
    expect(fixture.simulator.calls.find((call) => call.endpoint === 'message/template/send')?.body).toEqual({
      touser: OPENID,
      template_id: 'tmpl-001',
      url: 'https://example.com/order/1',
      client_msg_id: message.clientMessageId,
      data: { keyword1: { value: '巧克力' } },
    })
  } finally {
    await fixture.close()
  }
})
