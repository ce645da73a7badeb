import { randomBytes } from 'node:crypto'

/** WeChat's limits on parametric QR codes: a temporary one lives at most 30 days, permanent ones are 100 000. */
export const QR_LIMITS = {
  longestTemporarySeconds: 2_592_000,
  defaultTemporarySeconds: 30,
  permanentCount: 100_000,
  sceneIdMax: 100_000,
  sceneStrLength: 64,
} as const

const ACTIONS = new Set(['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'])

/**
 * `qrcode/create` as WeChat answers it: a ticket and the URL the code encodes, for a scene id (1–100 000
 * for permanent codes) or a scene string (1–64 characters); temporary codes expire after at most 30
 * days (30 seconds when none is given); a permanent code for a scene already made answers the same
 * ticket, and past 100 000 permanent codes WeChat refuses.
 */
export function createSimulatorQrCodes(now: () => number) {
  const permanent = new Map<string, { ticket: string; url: string }>()
  const created: { readonly body: unknown; readonly at: number }[] = []
  return {
    created,
    create(json: unknown): Readonly<Record<string, unknown>> {
      const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
      const action = String(body['action_name'] ?? '')
      if (!ACTIONS.has(action)) return { errcode: 40097, errmsg: 'invalid args: action_name' }
      const scene = ((body['action_info'] as { scene?: Record<string, unknown> } | undefined)?.scene ??
        {}) as Record<string, unknown>
      const isString = action.endsWith('STR_SCENE')
      const value = isString ? scene['scene_str'] : scene['scene_id']
      if (
        isString &&
        (typeof value !== 'string' || value.length < 1 || value.length > QR_LIMITS.sceneStrLength)
      )
        return { errcode: 40097, errmsg: 'invalid args: scene_str' }
      if (!isString && (!Number.isInteger(value) || (value as number) < 1))
        return { errcode: 40097, errmsg: 'invalid args: scene_id' }
      const isPermanent = action.startsWith('QR_LIMIT')
      if (isPermanent && !isString && (value as number) > QR_LIMITS.sceneIdMax)
        return { errcode: 40097, errmsg: 'invalid args: scene_id' }
      created.push({ body, at: now() })
      const key = `${action}:${String(value)}`
      if (isPermanent) {
        const known = permanent.get(key)
        if (known !== undefined) return known
        if (permanent.size >= QR_LIMITS.permanentCount)
          return { errcode: 45029, errmsg: 'qrcode count out of limit' }
        const made = ticketOf()
        permanent.set(key, made)
        return made
      }
      const seconds =
        body['expire_seconds'] === undefined
          ? QR_LIMITS.defaultTemporarySeconds
          : Number(body['expire_seconds'])
      if (!Number.isInteger(seconds) || seconds < 1)
        return { errcode: 40097, errmsg: 'invalid args: expire_seconds' }
      return { ...ticketOf(), expire_seconds: Math.min(seconds, QR_LIMITS.longestTemporarySeconds) }
    },
  }
}

function ticketOf(): { ticket: string; url: string } {
  const id = randomBytes(12).toString('base64url')
  return { ticket: `gQ${randomBytes(24).toString('base64url')}`, url: `http://weixin.qq.com/q/${id}` }
}
