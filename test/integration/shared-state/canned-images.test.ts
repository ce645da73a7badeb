import { expect, test } from '@playwright/test'
import { io, type Socket } from 'socket.io-client'
import type { CannedPicture, CannedResponse } from '../../../common/domain/user.js'
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SnapshotPage,
} from '../../../common/relay/events.js'
import { RELAY_ROUTES } from '../../../common/relay/routes.js'
import type { Relay } from '../../../relay/app.js'
import { simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { startRelayWithSimulator } from '../outbound/relay-outbound-fixture.js'
import { connectAgent, temporaryDataDir } from '../relay/relay-fixture.js'
import { call, createUser, eventMatching, startSharedStateRelay } from './shared-state-fixture.js'
import { storedRowCount } from '../../support/store-rows.js'

/** A small real PNG: a price list as an agent would attach it. */
const PRICE_LIST = simulatedPhotoOf('price list', 24, 16)
const DAY_MS = 24 * 3_600_000

type ErrorBody = { readonly error: { readonly code: string; readonly message: string } }

const pictureReply = (shortCode: string, data: Buffer, extra: Record<string, unknown> = {}) => ({
  shortCode,
  body: `The ${shortCode} picture`,
  image: { fileName: `${shortCode}.png`, dataBase64: data.toString('base64') },
  ...extra,
})

/** Creates a picture reply of PRICE_LIST through the REST API. */
const createPicture = (relay: Relay, token: string, shortCode: string) =>
  call<CannedResponse>(
    relay,
    token,
    'POST',
    RELAY_ROUTES.cannedResponses,
    pictureReply(shortCode, PRICE_LIST),
  )

const imageRowCount = (relay: Relay): Promise<number> => storedRowCount(relay.store, 'canned_response_images')

/** The first snapshot page a desktop starting from nothing receives. */
function firstSnapshotPage(relay: Relay, token: string): Promise<SnapshotPage> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(relay.url, {
    auth: { token, cursor: 0, canReceiveSnapshot: true },
    transports: ['websocket'],
    reconnection: false,
  })
  return new Promise((resolve) =>
    socket.once('snapshot:page', (page, ack) => {
      ack()
      socket.close()
      resolve(page)
    }),
  )
}

test('a picture reply is stored with its sniffed type and cleaned name, listed, announced and in the snapshot', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const desktop = connectAgent(fixture.relay.url, fixture.token)
    await desktop.caughtUp
    const created = await call<CannedResponse>(
      fixture.relay,
      fixture.token,
      'POST',
      RELAY_ROUTES.cannedResponses,
      pictureReply('prices', PRICE_LIST, {
        isTeam: true,
        image: { fileName: 'C:\\Users\\ann\\价目表 "2024".png', dataBase64: PRICE_LIST.toString('base64') },
      }),
    )
    expect(created.status).toBe(201)
    const image = { fileName: '价目表 2024.png', mimeType: 'image/png', byteLength: PRICE_LIST.length }
    expect(created.body).toMatchObject({ shortCode: 'prices', ownerUsername: null, image })
    const plain = await call<CannedResponse>(
      fixture.relay,
      fixture.token,
      'POST',
      RELAY_ROUTES.cannedResponses,
      {
        shortCode: 'hi',
        body: 'Hello, how can I help?',
      },
    )
    expect(plain).toMatchObject({ status: 201, body: { image: null } })

    const listed = await call<CannedResponse[]>(
      fixture.relay,
      fixture.token,
      'GET',
      RELAY_ROUTES.cannedResponses,
    )
    expect(listed.body.map(({ shortCode, image: listedImage }) => [shortCode, listedImage])).toEqual([
      ['hi', null],
      ['prices', image],
    ])
    const upserted = await eventMatching(
      desktop,
      (event) => event.type === 'canned-response.upserted' && event.cannedResponse.shortCode === 'prices',
    )
    expect(upserted).toMatchObject({ cannedResponse: { image } })
    desktop.close()

    const page = await firstSnapshotPage(fixture.relay, fixture.token)
    expect(
      page.cannedResponses?.map(({ shortCode, image: snapshotImage }) => [shortCode, snapshotImage]),
    ).toEqual([
      ['hi', null],
      ['prices', image],
    ])
    expect(fixture.simulator.calls.filter((entry) => entry.endpoint === 'media/upload')).toHaveLength(0)
  } finally {
    await fixture.close()
  }
})

test('uploading a picture reply answers a media id, reused until it has an hour left of its 3 days', async () => {
  let clock = Date.now()
  const fixture = await startRelayWithSimulator({ now: () => clock })
  try {
    const created = await createPicture(fixture.relay, fixture.token, 'qr')
    const uploads = () => fixture.simulator.calls.filter((entry) => entry.endpoint === 'media/upload')
    const upload = () =>
      call<{ mediaId: string }>(
        fixture.relay,
        fixture.token,
        'POST',
        RELAY_ROUTES.cannedResponseMedia(created.body.id),
      )

    const first = await upload()
    expect(first.status).toBe(201)
    expect(first.body.mediaId).toMatch(/\S/)
    expect(uploads().map((entry) => entry.body)).toEqual([
      [{ name: 'media', fileName: 'qr.png', contentType: 'image/png', size: PRICE_LIST.length }],
    ])

    clock += 3 * DAY_MS - 2 * 3_600_000
    expect(await upload()).toEqual({ status: 201, body: { mediaId: first.body.mediaId } })
    expect(uploads()).toHaveLength(1)

    clock += 3_600_000
    const renewed = await upload()
    expect(renewed.status).toBe(201)
    expect(renewed.body.mediaId).not.toBe(first.body.mediaId)
    expect(uploads()).toHaveLength(2)
    expect(await upload()).toEqual({ status: 201, body: { mediaId: renewed.body.mediaId } })
    expect(uploads()).toHaveLength(2)
  } finally {
    await fixture.close()
  }
})

test('pictures that are not base64, not JPEG, PNG or GIF, or too large are refused and nothing is stored', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const create = (body: unknown) =>
      call<ErrorBody>(fixture.relay, fixture.token, 'POST', RELAY_ROUTES.cannedResponses, body)

    const notAPicture = await create(
      pictureReply('pdf', Buffer.from('%PDF-1.7 this is not a picture at all')),
    )
    expect(notAPicture).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } })

    const notBase64 = await create({
      ...pictureReply('broken', PRICE_LIST),
      image: { fileName: 'broken.png', dataBase64: `${PRICE_LIST.toString('base64')}!!` },
    })
    expect(notBase64).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    expect(notBase64.body.error.message).toMatch(/base64/)

    // Just over the limit: the body fits, the picture does not.
    const justOver = Buffer.alloc(2 * 1024 * 1024 + 1)
    PRICE_LIST.copy(justOver)
    const overLimit = await create(pictureReply('big', justOver))
    expect(overLimit).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } })
    expect(overLimit.body.error.message).toMatch(/2 MB/)

    // Far over: the body itself is refused before it is read whole, in the same words.
    const farOver = Buffer.alloc(3 * 1024 * 1024)
    PRICE_LIST.copy(farOver)
    const bodyTooLarge = await create(pictureReply('huge', farOver))
    expect(bodyTooLarge).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large', message: overLimit.body.error.message } },
    })

    const listed = await call<CannedResponse[]>(
      fixture.relay,
      fixture.token,
      'GET',
      RELAY_ROUTES.cannedResponses,
    )
    expect(listed.body).toEqual([])
    expect(await imageRowCount(fixture.relay)).toBe(0)
  } finally {
    await fixture.close()
  }
})

test("agents upload and see the team's and their own picture replies, never another agent's; only pictures upload", async () => {
  const fixture = await startRelayWithSimulator()
  const context = { relay: fixture.relay, adminToken: fixture.token, close: fixture.close }
  try {
    const annToken = await createUser(context, 'ann', 'agent')
    const bobToken = await createUser(context, 'bob', 'agent')
    const create = async (token: string, body: unknown) =>
      (await call<CannedResponse>(fixture.relay, token, 'POST', RELAY_ROUTES.cannedResponses, body)).body
    const team = await create(fixture.token, pictureReply('team', PRICE_LIST, { isTeam: true }))
    const annOwn = await create(annToken, pictureReply('mine', PRICE_LIST))
    const annPlain = await create(annToken, { shortCode: 'plain', body: 'No picture here' })
    const upload = (token: string, id: string) =>
      call<ErrorBody>(fixture.relay, token, 'POST', RELAY_ROUTES.cannedResponseMedia(id))

    expect((await upload(bobToken, team.id)).status).toBe(201)
    expect((await upload(annToken, annOwn.id)).status).toBe(201)
    const stranger = await upload(bobToken, annOwn.id)
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    expect(await upload(bobToken, 'no-such-reply')).toMatchObject({ status: 404 })
    const noPicture = await upload(annToken, annPlain.id)
    expect(noPicture).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
    expect(noPicture.body.error.message).toBe('This canned response has no picture.')
    // Both replies carry the same picture: uploaded once, its media id serves both.
    expect(fixture.simulator.calls.filter((entry) => entry.endpoint === 'media/upload')).toHaveLength(1)

    // Showing the picture follows the same rule, and gives back exactly the bytes stored.
    const picture = (token: string, id: string) =>
      call<CannedPicture & ErrorBody>(fixture.relay, token, 'GET', RELAY_ROUTES.cannedResponseImage(id))
    const shown = await picture(bobToken, team.id)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({ fileName: 'team.png', mimeType: 'image/png' })
    expect(Buffer.from(shown.body.dataBase64, 'base64').equals(PRICE_LIST)).toBe(true)
    expect(await picture(bobToken, annOwn.id)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    })
    expect(await picture(annToken, annPlain.id)).toMatchObject({ status: 404 })
  } finally {
    await fixture.close()
  }
})

test("WeChat's refusal of an upload reaches the agent, and a relay without WeChat says it is not configured", async () => {
  const fixture = await startRelayWithSimulator()
  try {
    const created = await createPicture(fixture.relay, fixture.token, 'menu')
    fixture.simulator.inject({ endpoint: 'media/upload', errcode: 45009 })
    const refused = await call<ErrorBody & { error: { details: { failure: { code: string } } } }>(
      fixture.relay,
      fixture.token,
      'POST',
      RELAY_ROUTES.cannedResponseMedia(created.body.id),
    )
    expect(refused).toMatchObject({
      status: 502,
      body: { error: { code: 'wechat_error', details: { failure: { code: 'daily_limit_reached' } } } },
    })
    expect(refused.body.error.message).toMatch(/daily limit/)
  } finally {
    await fixture.close()
  }

  const unconfigured = await startSharedStateRelay()
  try {
    const { relay, adminToken } = unconfigured
    const created = await createPicture(relay, adminToken, 'menu')
    expect(created.status).toBe(201)
    const answer = await call(relay, adminToken, 'POST', RELAY_ROUTES.cannedResponseMedia(created.body.id))
    expect(answer).toMatchObject({ status: 503, body: { error: { code: 'not_configured' } } })
  } finally {
    await unconfigured.close()
  }
})

test('a deleted picture reply takes its picture along; a restarted relay still has the picture and its media id', async () => {
  const { dataDir, remove } = temporaryDataDir()
  try {
    const first = await startRelayWithSimulator({ dataDir })
    let kept: CannedResponse
    let mediaId: string
    try {
      const gone = await createPicture(first.relay, first.token, 'gone')
      kept = (await createPicture(first.relay, first.token, 'kept')).body
      expect(await imageRowCount(first.relay)).toBe(2)
      expect(
        (await call(first.relay, first.token, 'DELETE', RELAY_ROUTES.cannedResponse(gone.body.id))).status,
      ).toBe(200)
      expect(await imageRowCount(first.relay)).toBe(1)
      mediaId = (
        await call<{ mediaId: string }>(
          first.relay,
          first.token,
          'POST',
          RELAY_ROUTES.cannedResponseMedia(kept.id),
        )
      ).body.mediaId
    } finally {
      await first.close()
    }

    const second = await startRelayWithSimulator({ dataDir })
    try {
      const listed = await call<CannedResponse[]>(
        second.relay,
        second.token,
        'GET',
        RELAY_ROUTES.cannedResponses,
      )
      expect(listed.body).toEqual([kept])
      const stored = await second.relay.store.cannedResponses.imageOf(kept.id)
      expect(stored?.bytes.equals(PRICE_LIST)).toBe(true)
      const again = await call(second.relay, second.token, 'POST', RELAY_ROUTES.cannedResponseMedia(kept.id))
      expect(again).toEqual({ status: 201, body: { mediaId } })
      expect(second.simulator.calls.filter((entry) => entry.endpoint === 'media/upload')).toHaveLength(0)
    } finally {
      await second.close()
    }
  } finally {
    remove()
  }
})

test('the OpenAPI document lists the picture upload and picture of canned responses', async () => {
  const context = await startSharedStateRelay()
  try {
    const document = (await (await fetch(`${context.relay.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    const media = document.paths['/api/canned-responses/{id}/media']?.['post']
    expect(Object.keys(media?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '403', '404', '502', '503']),
    )
    expect(Object.keys(document.paths['/api/canned-responses']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '413', '415']),
    )
    expect(Object.keys(document.paths['/api/canned-responses/{id}/image']?.['get']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '404']),
    )
  } finally {
    await context.close()
  }
})
