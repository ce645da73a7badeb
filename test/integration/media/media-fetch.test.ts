import { expect, test } from '@playwright/test'
import { sampleVideoOf } from '../../simulator/sample-media.js'
import { call } from '../shared-state/shared-state-fixture.js'
import { signIn } from '../relay/relay-fixture.js'
import { mediaOf, messagesOf, settledMedia, sha256, startMediaRig } from './media-fixture.js'

test('every media kind a follower sends is kept by the relay: pictures with thumbnails, voice as MP3, video with its poster', async () => {
  const rig = await startMediaRig()
  try {
    const follower = rig.wechat.follower('oMediaFollower000000000001')
    expect((await follower.sendImage()).status).toBe(200)
    const picture = await settledMedia(rig, follower.openId)
    const roles = picture.media!.files.map((file) => file.role).sort()
    expect(roles).toEqual(['original', 'thumbnail'])
    const original = picture.media!.files.find((file) => file.role === 'original')!
    expect(original).toMatchObject({ contentType: 'image/png', width: 240, height: 160 })
    const whole = await mediaOf(rig, picture.id, 'original')
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await whole.arrayBuffer())
    expect(sha256(bytes)).toBe(original.hash)
    expect(bytes.length).toBe(original.size)
    const thumbnail = await mediaOf(rig, picture.id, 'thumbnail')
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg')
    expect([...new Uint8Array(await thumbnail.arrayBuffer()).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])

    expect((await follower.sendVoice('我的快递到哪了', 3)).status).toBe(200)
    const voice = await settledMedia(rig, follower.openId)
    expect(voice.body).toMatchObject({ type: 'voice', recognition: '我的快递到哪了' })
    const playable = voice.media!.files.find((file) => file.role === 'playable')!
    expect(playable.contentType).toBe('audio/mpeg')
    expect(playable.durationMs).toBeGreaterThan(2_900)
    expect(playable.durationMs).toBeLessThan(3_200)
    expect(voice.media!.files.find((file) => file.role === 'original')!.contentType).toBe('audio/amr')
    // Ranges, as an audio element seeks.
    const part = await mediaOf(rig, voice.id, 'playable', { range: 'bytes=0-99' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${playable.size}`)
    expect((await part.arrayBuffer()).byteLength).toBe(100)
    expect((await mediaOf(rig, voice.id, 'playable', { range: `bytes=${playable.size + 10}-` })).status).toBe(
      416,
    )

    expect((await follower.sendVideo(2)).status).toBe(200)
    const video = await settledMedia(rig, follower.openId)
    const movie = video.media!.files.find((file) => file.role === 'original')!
    expect(movie).toMatchObject({ contentType: 'video/mp4', width: 160, height: 120 })
    expect(movie.durationMs).toBeGreaterThan(1_800)
    expect(movie.hash).toBe(sha256(await sampleVideoOf(2)))
    expect(video.media!.files.find((file) => file.role === 'poster')!.contentType).toBe('image/jpeg')
    // WeChat's video answer is a link, fetched over plain HTTP.
    expect(
      rig.wechat.calls.some((entry) => entry.endpoint === 'media/get' && 'video_url' in entry.answer),
    ).toBe(true)

    const metrics = await (await fetch(`${rig.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/kefu_relay_media_fetches_total\{outcome="stored"\} 3/)
  } finally {
    await rig.close()
  }
})

test('a failed download is retried and shown on the message; an unknown media id fails for good with WeChat’s reason', async () => {
  const rig = await startMediaRig()
  try {
    const follower = rig.wechat.follower('oMediaFollower000000000002')
    rig.wechat.inject({ endpoint: 'media/get', errcode: -1, times: 4 })
    expect((await follower.sendImage()).status).toBe(200)
    const stored = await settledMedia(rig, follower.openId)
    expect(stored.media!.failure).toBeUndefined()
    const gets = rig.wechat.calls.filter((entry) => entry.endpoint === 'media/get')
    expect(gets.length).toBeGreaterThanOrEqual(3)

    // A MediaId WeChat does not know: 40007, no retry.
    expect(
      (
        await follower.pushRaw({
          MsgType: 'image',
          PicUrl: 'http://127.0.0.1/none.png',
          MediaId: 'unknown-media-id',
          MsgId: '24000000000000000042',
        })
      ).status,
    ).toBe(200)
    const failed = await settledMedia(rig, follower.openId, 'failed')
    expect(failed.media!.failure).toContain('40007')
    const metrics = await (await fetch(`${rig.relay.url}/metrics`)).text()
    expect(metrics).toMatch(/kefu_relay_media_fetches_total\{outcome="failed"\} 1/)
    expect(metrics).toMatch(/kefu_relay_media_fetches_total\{outcome="retrying"\} [1-9]/)
    expect((await mediaOf(rig, failed.id, 'original')).status).toBe(404)
  } finally {
    await rig.close()
  }
})

test('a file WeChat no longer has after its 3 days fails for good, saying so', async () => {
  // WeChat's clock, moved on while the relay keeps retrying.
  let wechatNow = Date.now()
  const rig = await startMediaRig({ wechatNow: () => wechatNow })
  try {
    const follower = rig.wechat.follower('oMediaFollower000000000005')
    rig.wechat.inject({ endpoint: 'media/get', errcode: -1, times: 1000 })
    expect((await follower.sendVoice(undefined, 1)).status).toBe(200)
    await expect.poll(async () => (await messagesOf(rig, follower.openId))[0]?.media?.failure).toContain('-1')
    // WeChat is back, three days on: the file is gone.
    wechatNow += 3 * 24 * 3_600_000 + 1
    rig.wechat.clearInjections()
    const failed = await settledMedia(rig, follower.openId, 'failed')
    expect(failed.media!.failure).toContain('40007')
  } finally {
    await rig.close()
  }
})

test('media is served only to users who may see the conversation, and goes with an erased follower', async () => {
  const rig = await startMediaRig()
  try {
    const follower = rig.wechat.follower('oMediaFollower000000000003')
    expect((await follower.sendImage()).status).toBe(200)
    const picture = await settledMedia(rig, follower.openId)
    await call(rig.relay, rig.token, 'POST', '/api/users', {
      username: 'mallory',
      password: 'a long enough password',
      role: 'agent',
    })
    // An agent sees the queue and their own conversations: one assigned to another agent is not theirs.
    await call(rig.relay, rig.token, 'POST', '/api/users', {
      username: 'alice',
      password: 'a long enough password',
      role: 'agent',
    })
    const listed = await call<{ conversations: { id: string; version: number }[] }>(
      rig.relay,
      rig.token,
      'GET',
      '/api/conversations?limit=50',
    )
    const conversation = listed.body.conversations.find((candidate) => candidate.id === follower.openId)!
    const assigned = await call(
      rig.relay,
      rig.token,
      'PUT',
      `/api/conversations/${follower.openId}/assignee`,
      {
        assignee: 'alice',
        version: conversation.version,
      },
    )
    expect(assigned.status).toBe(200)
    const mallory = await signIn(rig.relay.url, 'mallory', 'a long enough password')
    const refused = await mediaOf(rig, picture.id, 'original', {}, mallory)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    expect((await mediaOf(rig, picture.id, 'original', {}, 'not-a-token')).status).toBe(401)

    expect((await call(rig.relay, rig.token, 'DELETE', `/api/conversations/${follower.openId}`)).status).toBe(
      200,
    )
    expect((await mediaOf(rig, picture.id, 'original')).status).toBe(404)
    const files = await rig.relay.store.media.blob(picture.media!.files[0]!.hash)
    expect(files).toBeNull()
  } finally {
    await rig.close()
  }
})
