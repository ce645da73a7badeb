import { expect, test } from '@playwright/test'
import type { CommandResult } from '../../../common/relay/events.js'
import type { CommandAnswer } from '../../../common/relay/relay-commands.js'
import { PNG_BYTES } from './outbound-fixture.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const OPENID = 'oMediaFollower0000000000001'

const upload = async (
  baseUrl: string,
  token: string,
  body: Uint8Array,
  contentType: string,
  fileName?: string,
) => {
  const response = await fetch(`${baseUrl}/api/media`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': contentType,
      ...(fileName === undefined ? {} : { 'x-file-name': encodeURIComponent(fileName) }),
    },
    body: new Uint8Array(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as { mediaId?: string; error?: { code: string; message: string } },
  }
}

test('a picture is uploaded through POST /api/media, then sent as an image message by its media id', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    await fixture.simulator.follower(OPENID).sendText('can you send me the screenshot?')
    const uploaded = await upload(fixture.relay.url, fixture.token, PNG_BYTES, 'image/png', '截图 1.png')
    expect(uploaded.status).toBe(201)
    const mediaId = uploaded.body.mediaId!
    expect(mediaId).toMatch(/\S/)
    const uploads = fixture.simulator.calls.filter((call) => call.endpoint === 'media/upload')
    expect(uploads.map((call) => call.body)).toEqual([
      [{ name: 'media', fileName: '截图 1.png', contentType: 'image/png', size: PNG_BYTES.length }],
    ])
    expect(uploads[0]!.query['type']).toBe('image')

    const agent = fixture.connect()
    await agent.caughtUp
    const sent = await new Promise<CommandResult<CommandAnswer<'message:send'>>>((resolve) =>
      agent.socket.emit(
        'message:send',
        { conversationId: OPENID, clientMessageId: 'image-send-000001', body: { type: 'image', mediaId } },
        resolve,
      ),
    )
    expect(sent).toMatchObject({ ok: true, value: { status: 'pending', body: { type: 'image', mediaId } } })
    await fixture.relay.conversations.settle()
    expect(fixture.sends().map((call) => [call.body, call.answer['errcode']])).toEqual([
      [{ touser: OPENID, msgtype: 'image', image: { media_id: mediaId } }, 0],
    ])
    agent.close()
  } finally {
    await fixture.close()
  }
})

test('pictures too large or not really JPEG, PNG or GIF are refused with 413/415 and nothing reaches WeChat', async () => {
  const fixture = await startRelayWithSimulator({ followers: [OPENID] })
  try {
    const notAPicture = Buffer.from('%PDF-1.7 this is not a picture at all')
    const disguised = await upload(fixture.relay.url, fixture.token, notAPicture, 'image/png')
    expect(disguised).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } })

    const webp = await upload(fixture.relay.url, fixture.token, PNG_BYTES, 'image/webp')
    expect(webp).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } })

    const json = await fetch(`${fixture.relay.url}/api/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mediaId: 'x' }),
    })
    expect(json.status).toBe(415)

    const big = Buffer.alloc(2 * 1024 * 1024 + 1)
    PNG_BYTES.copy(big)
    const tooLarge = await upload(fixture.relay.url, fixture.token, big, 'image/png')
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } })
    expect(tooLarge.body.error?.message).toMatch(/2 MB/)

    const empty = await upload(fixture.relay.url, fixture.token, new Uint8Array(0), 'image/gif')
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })

    const anonymous = await fetch(`${fixture.relay.url}/api/media`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: PNG_BYTES,
    })
    expect(anonymous.status).toBe(401)
    expect(fixture.simulator.calls.filter((call) => call.endpoint === 'media/upload')).toHaveLength(0)
  } finally {
    await fixture.close()
  }
})

test('the OpenAPI document describes the raw file body, its file-name, account and conversation headers and the outbound routes', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const document = (await (await fetch(`${fixture.relay.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>
    }
    const media = document.paths['/api/media']!['post']!
    expect(Object.keys((media['requestBody'] as { content: object }).content)).toEqual([
      'image/jpeg',
      'image/png',
      'image/gif',
      'audio/amr',
      'audio/mpeg',
      'video/mp4',
    ])
    expect(media['parameters']).toEqual([
      expect.objectContaining({ name: 'x-file-name', in: 'header', required: false }),
      expect.objectContaining({ name: 'x-kefu-account', in: 'header', required: false }),
      expect.objectContaining({ name: 'x-kefu-conversation', in: 'header', required: false }),
    ])
    expect(Object.keys(media['responses']!)).toEqual(expect.arrayContaining(['201', '413', '415']))
    expect(document.paths['/api/conversations/{id}/templates']?.['post']).toBeDefined()
    expect(document.paths['/api/conversations/{id}/typing']?.['post']).toBeDefined()
  } finally {
    await fixture.close()
  }
})
