import { conversationKeyOf } from '../../common/domain/account.js'
import type { User } from '../../common/domain/user.js'
import {
  QR_CODE_LIMITS,
  type CreateQrCodeRequest,
  type QrCode,
  type QrCodeListing,
} from '../../common/relay/qr-code-schemas.js'
import { recordAudit } from '../audit/record-audit.js'
import type { WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

const DAY = 86_400_000

/** Parametric QR codes per account: made through WeChat, kept, and counted by the followers they bring. */
export interface QrCodeService {
  list(accountKey: string): Promise<QrCodeListing>
  create(user: User, accountKey: string, request: CreateQrCodeRequest): Promise<QrCode>
}

/**
 * A code's scene is a string (`QR_LIMIT_STR_SCENE` / `QR_STR_SCENE`): it comes back as the follow's
 * scene, which names the welcome and the figures. WeChat's limits are checked before any call (at most
 * 30 days for a temporary code, 100 000 permanent ones), and what WeChat refuses comes back in its words.
 */
export function createQrCodeService(dependencies: {
  readonly store: RelayStore
  readonly sender: WeChatSender | null
  readonly now: () => number
}): QrCodeService {
  const { store, sender, now } = dependencies
  return {
    async list(accountKey) {
      const [codes, rows, permanent] = await Promise.all([
        store.qrCodes.list(accountKey),
        store.qrCodes.sceneConversations(),
        store.qrCodes.countPermanent(accountKey),
      ])
      const figures = new Map<
        string,
        { followersGained: number; stillFollowing: number; conversationsStarted: number }
      >()
      for (const row of rows) {
        if (conversationKeyOf(row.id).accountKey !== accountKey) continue
        const scene = figures.get(row.scene) ?? {
          followersGained: 0,
          stillFollowing: 0,
          conversationsStarted: 0,
        }
        if (row.hasSeenFollow) scene.followersGained++
        if (row.isFollowing) scene.stillFollowing++
        if (row.hasWritten) scene.conversationsStarted++
        figures.set(row.scene, scene)
      }
      // Every code's scene has its line, followers or not.
      for (const code of codes)
        if (!figures.has(code.scene))
          figures.set(code.scene, { followersGained: 0, stillFollowing: 0, conversationsStarted: 0 })
      return {
        codes,
        scenes: [...figures]
          .map(([scene, counts]) => ({ scene, ...counts }))
          .sort((a, b) => a.scene.localeCompare(b.scene)),
        permanentLeft: Math.max(0, QR_CODE_LIMITS.permanentCount - permanent),
      }
    },

    async create(user, accountKey, request) {
      if (sender === null)
        throw new RelayError(
          'not_configured',
          'This relay has no way to WeChat: QR codes need the account’s AppSecret.',
        )
      if (
        request.isPermanent &&
        (await store.qrCodes.countPermanent(accountKey)) >= QR_CODE_LIMITS.permanentCount
      )
        throw new RelayError(
          'invalid',
          'WeChat allows 100 000 permanent QR codes per account, and this account has them all.',
        )
      const seconds = request.isPermanent ? null : (request.expireDays ?? 1) * (DAY / 1000)
      const answer = await sender.callAccountApi(accountKey, {
        path: '/cgi-bin/qrcode/create',
        json: {
          ...(seconds === null ? {} : { expire_seconds: seconds }),
          action_name: request.isPermanent ? 'QR_LIMIT_STR_SCENE' : 'QR_STR_SCENE',
          action_info: { scene: { scene_str: request.scene } },
        },
        // The same scene twice answers the same permanent code; a temporary one is simply another.
        isIdempotent: true,
      })
      if (!answer.ok)
        throw new RelayError('wechat_error', `WeChat did not make the QR code: ${answer.failure.message}`)
      const ticket = answer.answer['ticket']
      const url = answer.answer['url']
      if (typeof ticket !== 'string' || typeof url !== 'string')
        throw new RelayError('wechat_error', 'WeChat answered without a QR code ticket.')
      const at = now()
      const expireSeconds = Number(answer.answer['expire_seconds'] ?? seconds ?? 0)
      const code: QrCode = {
        accountKey,
        scene: request.scene,
        isPermanent: request.isPermanent,
        ticket,
        url,
        expiresAt: request.isPermanent ? null : at + expireSeconds * 1000,
        createdAt: at,
        createdBy: user.username,
      }
      await store.transaction(async (tx) => {
        await tx.qrCodes.save(code)
        await recordAudit(tx, at, {
          actor: user.username,
          action: 'qr-code.created',
          target: accountKey,
          details: { scene: code.scene, isPermanent: code.isPermanent },
        })
      })
      return code
    },
  }
}
