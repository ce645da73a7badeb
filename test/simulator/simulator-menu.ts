/** The button types `menu/create` takes. */
const TYPES = new Set([
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'article_id',
  'article_view_limited',
])
const KEYED = new Set([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
])

type Button = Record<string, unknown>
const bytes = (value: unknown) => Buffer.byteLength(String(value ?? ''), 'utf8')

/**
 * The custom menu as WeChat keeps it: `menu/create` checks the buttons with WeChat's errcodes (40016
 * button count, 40017 type, 40018 name, 40019 key, 40020 url, and 40023–40027 for sub-buttons), `menu/get`
 * answers it (46003 when there is none), `menu/delete` removes it.
 */
export function createSimulatorMenu() {
  let menu: { button: Button[] } | null = null

  function refusalOf(button: Button, isSub: boolean): Readonly<Record<string, unknown>> | null {
    const code = (top: number) => (isSub ? top + 7 : top)
    const subs = button['sub_button'] as Button[] | undefined
    if (bytes(button['name']) < 1 || bytes(button['name']) > (isSub ? 60 : 16))
      return { errcode: code(40018), errmsg: `invalid ${isSub ? 'sub ' : ''}button name size` }
    if (!isSub && Array.isArray(subs) && subs.length > 0) {
      if (subs.length > 5) return { errcode: 40023, errmsg: 'invalid sub button size' }
      for (const sub of subs) {
        const refusal = refusalOf(sub, true)
        if (refusal !== null) return refusal
      }
      return null
    }
    const type = String(button['type'] ?? '')
    if (!TYPES.has(type)) return { errcode: code(40017), errmsg: `invalid ${isSub ? 'sub ' : ''}button type` }
    if (KEYED.has(type) && (bytes(button['key']) < 1 || bytes(button['key']) > 128))
      return { errcode: code(40019), errmsg: `invalid ${isSub ? 'sub ' : ''}button key size` }
    if (
      (type === 'view' || type === 'miniprogram') &&
      (bytes(button['url']) < 1 || bytes(button['url']) > 1024)
    )
      return { errcode: code(40020), errmsg: `invalid ${isSub ? 'sub ' : ''}button url size` }
    return null
  }

  return {
    create(json: unknown): Readonly<Record<string, unknown>> {
      const buttons = (json as { button?: unknown } | null)?.button
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)
        return { errcode: 40016, errmsg: 'invalid button size' }
      for (const button of buttons as Button[]) {
        const refusal = refusalOf(button, false)
        if (refusal !== null) return refusal
      }
      menu = { button: buttons as Button[] }
      return { errcode: 0, errmsg: 'ok' }
    },
    get: (): Readonly<Record<string, unknown>> =>
      menu === null ? { errcode: 46003, errmsg: 'menu no exist' } : { menu },
    remove(): Readonly<Record<string, unknown>> {
      menu = null
      return { errcode: 0, errmsg: 'ok' }
    },
  }
}
