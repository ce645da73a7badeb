import { expect, test } from '@playwright/test'
import type { Message } from '../../../common/domain/message.js'
import { sampleMp3Of, sampleVideoOf, sampleVoiceOf } from '../../simulator/sample-media.js'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { mediaOf, messagesOf, sha256, startMediaRig, type MediaRig } from './media-fixture.js'

/** `POST /api/media` with the raw file, for the conversation when named. */
async function upload(rig: MediaRig, data: Uint8Array, contentType: string, conversationId?: string) {
  const response = await fetch(`${rig.relay.url}/api/media`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${rig.token}`,
      'content-type': contentType,
      'x-file-name': encodeURIComponent('回复.bin'),
      ...(conversationId === undefined ? {} : { 'x-kefu-conversation': conversationId }),
    },
    body: new Uint8Array(data),
  })
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  }
}

let sequence = 0
async function send(rig: MediaRig, conversationId: string, body: Record<string, unknown>) {
  sequence += 1
  return call<Message>(rig.relay, rig.token, 'POST', `/api/conversations/${conversationId}/messages`, {
    clientMessageId: `media-send-${sequence}-abcdefgh`,
    body,
  })
}

const uploadsOf = (rig: MediaRig) => rig.wechat.calls.filter((entry) => entry.endpoint === 'media/upload')

test('agents send pictures, voice notes (AMR and MP3) and videos with WeChat’s exact bodies; the thread shows what was sent', async () => {
  const rig = await startMediaRig()
  try {
    const follower = rig.wechat.follower('oMediaSender0000000000001')
    await follower.sendText('请把说明发给我')
    const id = follower.openId

    const amr = sampleVoiceOf(3, 'agent voice')
    const voice = await upload(rig, amr, 'audio/amr', id)
    expect(voice.status).toBe(201)
    expect(await send(rig, id, { type: 'voice', mediaId: voice.body['mediaId'] })).toMatchObject({
      status: 202,
    })
    const mp3 = await upload(rig, await sampleMp3Of(2), 'audio/mpeg', id)
    expect((await send(rig, id, { type: 'voice', mediaId: mp3.body['mediaId'] })).status).toBe(202)

    const movie = await sampleVideoOf(2)
    const video = await upload(rig, movie, 'video/mp4', id)
    expect(video.status).toBe(201)
    expect(video.body['thumbMediaId']).toEqual(expect.any(String))
    expect(
      (
        await send(rig, id, {
          type: 'video',
          mediaId: video.body['mediaId'],
          thumbMediaId: video.body['thumbMediaId'],
          title: '安装视频',
          description: '两分钟看懂',
        })
      ).status,
    ).toBe(202)
    const photo = simulatedPhotoOf('agent photo')
    const picture = await upload(rig, photo, 'image/png', id)
    expect(
      (await send(rig, id, { type: 'image', mediaId: picture.body['mediaId'], fileName: '说明.png' })).status,
    ).toBe(202)

    await expect.poll(() => rig.wechat.delivered.filter((message) => message.touser === id).length).toBe(4)
    const bodies = rig.wechat.delivered
      .filter((message) => message.touser === id)
      .map((message) => message.body)
    expect(bodies[0]).toEqual({ touser: id, msgtype: 'voice', voice: { media_id: voice.body['mediaId'] } })
    expect(bodies[2]).toEqual({
      touser: id,
      msgtype: 'video',
      video: {
        media_id: video.body['mediaId'],
        thumb_media_id: video.body['thumbMediaId'],
        title: '安装视频',
        description: '两分钟看懂',
      },
    })
    expect(bodies[3]).toEqual({ touser: id, msgtype: 'image', image: { media_id: picture.body['mediaId'] } })
    const types = uploadsOf(rig).map((entry) => entry.query['type'])
    expect(types).toEqual(['voice', 'voice', 'video', 'thumb', 'image'])

    // The thread holds the media itself: the AMR with its MP3, the video with its poster, the picture.
    const sent = (await messagesOf(rig, id)).filter((message) => message.direction === 'outgoing').reverse()
    const rolesOf = (message: Message) => message.media?.files.map((file) => file.role).sort()
    expect(rolesOf(sent[0]!)).toEqual(['original', 'playable'])
    expect(sent[0]!.media!.files.find((file) => file.role === 'original')).toMatchObject({
      contentType: 'audio/amr',
      hash: sha256(amr),
    })
    expect(rolesOf(sent[1]!)).toEqual(['original'])
    expect(rolesOf(sent[2]!)).toEqual(['original', 'poster'])
    expect(rolesOf(sent[3]!)).toEqual(['original', 'thumbnail'])
    const played = await mediaOf(rig, sent[0]!.id, 'playable')
    expect(played.headers.get('content-type')).toBe('audio/mpeg')
    const whole = new Uint8Array(await (await mediaOf(rig, sent[2]!.id, 'original')).arrayBuffer())
    expect(sha256(whole)).toBe(sha256(movie))

    // The same file again reuses its media id while WeChat keeps it: no second upload.
    const again = await upload(rig, photo, 'image/png', id)
    expect(again.body['mediaId']).toBe(picture.body['mediaId'])
    expect(uploadsOf(rig)).toHaveLength(5)
  } finally {
    await rig.close()
  }
})

test('uploads WeChat would refuse are refused first, in plain words, and nothing reaches WeChat', async () => {
  const rig = await startMediaRig()
  try {
    const follower = rig.wechat.follower('oMediaSender0000000000002')
    await follower.sendText('hi')
    const id = follower.openId
    const long = await upload(rig, sampleVoiceOf(61), 'audio/amr', id)
    expect(long).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    expect(long.body.error!.message).toContain('61 s')
    const notMedia = await upload(rig, new TextEncoder().encode('<svg onload=alert(1)>'), 'image/png', id)
    expect(notMedia).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } })
    const big = new Uint8Array(3 * 1024 * 1024)
    big.set(sampleVoiceOf(1))
    expect(await upload(rig, big, 'audio/amr', id)).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    })
    const huge = new Uint8Array(11 * 1024 * 1024)
    expect((await upload(rig, huge, 'video/mp4', id)).status).toBe(413)
    expect(uploadsOf(rig)).toHaveLength(0)

    // A closed window: refused before any WeChat call, the upload too.
    const silent = rig.wechat.follower('oMediaSender0000000000003')
    await silent.sendText('hello')
    const day = 24 * 3_600_000
    await rig.relay.store.commit(async (tx) => {
      const conversation = (await tx.conversations.get(silent.openId))!
      // The follower wrote three days ago: the 48 hours are over.
      const lastOpenedAt = { message: Date.now() - 3 * day }
      await tx.conversations.save({
        ...conversation,
        windowHistory: { ...conversation.windowHistory, lastOpenedAt },
      })
    })
    const closed = await upload(rig, simulatedPhotoOf('late'), 'image/png', silent.openId)
    expect(closed).toMatchObject({ status: 422, body: { error: { code: 'window_closed' } } })
    expect(uploadsOf(rig)).toHaveLength(0)
  } finally {
    await rig.close()
  }
})
