import { DEFAULT_ACCOUNT_KEY, isWithinAccounts } from '../../common/domain/account.js'
import { randomUUID } from 'node:crypto'
import type { CannedImage, CannedPicture, CannedResponse, User } from '../../common/domain/user.js'
import type { CannedResponseRequest } from '../../common/relay/schemas.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import { sendFailureError } from '../conversations/send-failure-error.js'
import { checkImage, fileNameOf } from '../outbound/image-check.js'
import { IMAGE_LIMIT_BYTES } from '../../common/relay/media-upload.js'
import type { MediaUploads } from '../media/media-uploads.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore, StoreAccess } from '../store/relay-store.js'

/**
 * Canned responses: team ones managed by supervisors, personal ones by their owner, seen by nobody else.
 * A picture reply keeps its bytes here and uploads them to WeChat when an agent sends it.
 */
export interface CannedResponseService {
  /** The largest picture a canned response may carry, in bytes. */
  readonly imageLimitBytes: number
  /** The team's replies and the user's own. */
  list(user: User): Promise<CannedResponse[]>
  create(user: User, request: CannedResponseRequest): Promise<CannedResponse>
  delete(user: User, id: string): Promise<CannedResponse>
  /**
   * The WeChat media id of a picture reply's image for an image message: the remembered one while it has
   * more than an hour left, else a new upload.
   */
  uploadMedia(user: User, id: string, accountKey?: string): Promise<{ readonly mediaId: string }>
  /** The picture of a picture reply the user may see, to show it. */
  picture(user: User, id: string): Promise<CannedPicture>
}

/** Collaborators of the canned-response service. */
export interface CannedResponseServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
  /** The relay's uploads: a picture reply's picture goes to WeChat as every file does. */
  readonly uploads: Pick<MediaUploads, 'upload'>
  /** Default IMAGE_LIMIT_BYTES, as `POST /api/media`. */
  readonly imageLimitBytes?: number
}

/** A checked picture, ready to store. */
interface CheckedImage {
  readonly fileName: string
  readonly mimeType: string
  readonly bytes: Buffer
}

/** Creates the canned-response service. */
export function createCannedResponseService(
  dependencies: CannedResponseServiceDependencies,
): CannedResponseService {
  const { store, now, uploads } = dependencies
  const imageLimitBytes = dependencies.imageLimitBytes ?? IMAGE_LIMIT_BYTES

  /** The reply as this user may see it; someone else's personal reply does not exist as far as they can tell. */
  async function visibleReply(tx: StoreAccess, user: User, id: string): Promise<CannedResponse> {
    const cannedResponse = await tx.cannedResponses.get(id)
    if (cannedResponse === null || (cannedResponse.ownerUsername ?? user.username) !== user.username) {
      throw new RelayError('not_found', `No canned response ${id}.`)
    }
    return cannedResponse
  }

  /** The picture of a request, refused as `POST /api/media` refuses it. */
  function checkedImage(image: NonNullable<CannedResponseRequest['image']>): CheckedImage {
    const bytes = Buffer.from(image.dataBase64, 'base64')
    // Node skips what is not base64; only an exact round trip shows nothing was.
    if (bytes.toString('base64') !== image.dataBase64) {
      throw new RelayError('invalid', 'The picture is not base64. Attach the image again.')
    }
    const check = checkImage(bytes, imageLimitBytes)
    if (!check.ok) throw sendFailureError(check.failure)
    return { fileName: fileNameOf(image.fileName, check.mimeType), mimeType: check.mimeType, bytes }
  }

  return {
    imageLimitBytes,
    list: async (user) => await store.cannedResponses.listVisibleTo(user.username),
    create(user, request) {
      if (request.isTeam && !can(user, 'canned-response:manage-team')) {
        throw new RelayError('forbidden', 'Only supervisors manage team canned responses.')
      }
      const ownerUsername = request.isTeam ? null : user.username
      const image = request.image === undefined ? null : checkedImage(request.image)
      const card = request.card ?? null
      // A mini-program card needs its picture; an article card names its own, and sends no other.
      if (card?.type === 'miniprogrampage' && image === null)
        throw new RelayError('invalid', 'A mini-program card reply needs its picture: the card’s thumbnail.')
      if (card?.type === 'news' && image !== null)
        throw new RelayError(
          'invalid',
          'An article card names its picture by address; it takes no uploaded picture.',
        )
      return store.commit(async (tx, events) => {
        const existing = await tx.cannedResponses.findByShortCode(ownerUsername, request.shortCode)
        if (existing !== null) {
          throw new RelayError('conflict', `The short code /${request.shortCode} is taken.`, {
            cannedResponse: existing,
          })
        }
        const cannedImage: CannedImage | null =
          image === null
            ? null
            : { fileName: image.fileName, mimeType: image.mimeType, byteLength: image.bytes.length }
        const cannedResponse: CannedResponse = {
          id: randomUUID(),
          shortCode: request.shortCode,
          body: request.body,
          ownerUsername,
          image: cannedImage,
          accountKeys: request.accountKeys,
          card,
        }
        const at = now()
        await tx.cannedResponses.insert(cannedResponse, at)
        if (image !== null) await tx.cannedResponses.insertImage(cannedResponse.id, image)
        events.push(await tx.events.append({ type: 'canned-response.upserted', at, cannedResponse }))
        // Team replies are the team's settings; a personal reply concerns its owner alone.
        if (ownerUsername === null)
          await recordAudit(tx, at, {
            actor: user.username,
            action: 'canned-response.created',
            target: cannedResponse.id,
            details: {
              shortCode: cannedResponse.shortCode,
              hasPicture: cannedImage !== null,
              ...(card === null ? {} : { card: card.type }),
            },
          })
        return cannedResponse
      })
    },
    delete(user, id) {
      return store.commit(async (tx, events) => {
        const cannedResponse = await visibleReply(tx, user, id)
        if (cannedResponse.ownerUsername === null && !can(user, 'canned-response:manage-team')) {
          throw new RelayError('forbidden', 'Only supervisors manage team canned responses.')
        }
        await tx.cannedResponses.delete(id)
        events.push(
          await tx.events.append({
            type: 'canned-response.deleted',
            at: now(),
            cannedResponseId: id,
            ownerUsername: cannedResponse.ownerUsername,
          }),
        )
        if (cannedResponse.ownerUsername === null)
          await recordAudit(tx, now(), {
            actor: user.username,
            action: 'canned-response.deleted',
            target: id,
            details: { shortCode: cannedResponse.shortCode },
          })
        return cannedResponse
      })
    },
    async picture(user, id) {
      await visibleReply(store, user, id)
      const image = await store.cannedResponses.imageOf(id)
      if (image === null) throw new RelayError('not_found', 'This canned response has no picture.')
      return {
        fileName: image.fileName,
        mimeType: image.mimeType,
        dataBase64: image.bytes.toString('base64'),
      }
    },
    async uploadMedia(user, id, accountKey = DEFAULT_ACCOUNT_KEY) {
      if (!can(user, 'message:send')) throw new RelayError('forbidden', 'You may not send messages.')
      const reply = await visibleReply(store, user, id)
      if (!isWithinAccounts(reply.accountKeys, accountKey)) {
        throw new RelayError('invalid', `/${reply.shortCode} is not for the official account ${accountKey}.`)
      }
      const image = await store.cannedResponses.imageOf(id)
      if (image === null) throw new RelayError('invalid', 'This canned response has no picture.')
      // Uploaded as any file: once per account while its media id lives, kept to show on the message.
      const { mediaId } = await uploads.upload(user, {
        data: image.bytes,
        fileName: image.fileName,
        accountKey,
      })
      return { mediaId }
    },
  }
}
