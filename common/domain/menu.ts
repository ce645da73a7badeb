import { z } from 'zod'

/**
 * A service account's custom menu as `menu/create` takes it and `menu/get` answers it: up to 3 top
 * buttons, each either an action or a group of up to 5 sub-buttons. Names count UTF-8 bytes as WeChat
 * does (16 for a top button, 60 for a sub-button; WeChat's client shows about 4 and 8 Chinese characters
 * and cuts the rest with "…"); keys 128 bytes, URLs 1024.
 */
export const MENU_LIMITS = {
  topButtons: 3,
  subButtons: 5,
  topNameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
  /** What the client shows before cutting a name: top, sub (Chinese characters). */
  shownTopChars: 4,
  shownSubChars: 8,
} as const

/** Button types and what each needs besides its name. */
export const MENU_BUTTON_TYPES = [
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
] as const

export type MenuButtonType = (typeof MENU_BUTTON_TYPES)[number]

const KEYED: ReadonlySet<MenuButtonType> = new Set([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
])

/** One button as the wire carries it: loose, so a menu read back from WeChat is kept whole. */
export const menuButtonSchema: z.ZodType<MenuButton> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.string().optional(),
    key: z.string().optional(),
    url: z.string().optional(),
    appid: z.string().optional(),
    pagepath: z.string().optional(),
    sub_button: z.array(menuButtonSchema).optional(),
  }),
)

export interface MenuButton {
  readonly name: string
  readonly type?: string | undefined
  readonly key?: string | undefined
  readonly url?: string | undefined
  readonly appid?: string | undefined
  readonly pagepath?: string | undefined
  readonly sub_button?: readonly MenuButton[] | undefined
}

export const menuSchema = z.object({ button: z.array(menuButtonSchema) })
export type Menu = z.infer<typeof menuSchema>

/** One reason a menu would be refused, with where it is (0-based top and sub positions). */
export interface MenuProblem {
  readonly code:
    | 'no_buttons'
    | 'too_many_buttons'
    | 'too_many_sub_buttons'
    | 'name_missing'
    | 'name_too_long'
    | 'type_unknown'
    | 'key_missing'
    | 'key_too_long'
    | 'url_invalid'
    | 'miniprogram_incomplete'
  readonly top: number | null
  readonly sub: number | null
}

const bytesOf = (text: string) => new TextEncoder().encode(text).length
const isHttpUrl = (url: string | undefined) => url !== undefined && /^https?:\/\/\S+$/.test(url)

function buttonProblems(button: MenuButton, top: number, sub: number | null): MenuProblem[] {
  const at = { top, sub }
  const problems: MenuProblem[] = []
  const nameLimit = sub === null ? MENU_LIMITS.topNameBytes : MENU_LIMITS.subNameBytes
  if (button.name.trim() === '') problems.push({ code: 'name_missing', ...at })
  else if (bytesOf(button.name) > nameLimit) problems.push({ code: 'name_too_long', ...at })
  if (sub === null && button.sub_button !== undefined && button.sub_button.length > 0) return problems
  const type = button.type as MenuButtonType | undefined
  if (type === undefined || !MENU_BUTTON_TYPES.includes(type))
    return [...problems, { code: 'type_unknown', ...at }]
  if (KEYED.has(type)) {
    if ((button.key ?? '').trim() === '') problems.push({ code: 'key_missing', ...at })
    else if (bytesOf(button.key!) > MENU_LIMITS.keyBytes) problems.push({ code: 'key_too_long', ...at })
  }
  if (
    (type === 'view' || type === 'miniprogram') &&
    (!isHttpUrl(button.url) || bytesOf(button.url!) > MENU_LIMITS.urlBytes)
  )
    problems.push({ code: 'url_invalid', ...at })
  if (type === 'miniprogram' && ((button.appid ?? '') === '' || (button.pagepath ?? '') === ''))
    problems.push({ code: 'miniprogram_incomplete', ...at })
  return problems
}

/**
 * Every reason WeChat would refuse the menu, checked before `menu/create` (the console shows them as
 * the admin types, the relay refuses with them): the one rule of what a menu may be.
 */
export function menuProblemsOf(menu: Menu): MenuProblem[] {
  const problems: MenuProblem[] = []
  if (menu.button.length === 0) problems.push({ code: 'no_buttons', top: null, sub: null })
  if (menu.button.length > MENU_LIMITS.topButtons)
    problems.push({ code: 'too_many_buttons', top: null, sub: null })
  menu.button.forEach((button, top) => {
    problems.push(...buttonProblems(button, top, null))
    const subs = button.sub_button ?? []
    if (subs.length > MENU_LIMITS.subButtons) problems.push({ code: 'too_many_sub_buttons', top, sub: null })
    subs.forEach((subButton, sub) => problems.push(...buttonProblems(subButton, top, sub)))
  })
  return problems
}

/** The name as WeChat's client shows it: cut with "…" past what fits. */
export function shownNameOf(name: string, isSub: boolean): string {
  const limit = isSub ? MENU_LIMITS.shownSubChars : MENU_LIMITS.shownTopChars
  const chars = [...name]
  // Latin letters are about half as wide: two count as one Chinese character.
  let width = 0
  for (let index = 0; index < chars.length; index++) {
    width += /[\u0000-\u00ff]/.test(chars[index]!) ? 0.5 : 1
    if (width > limit) return `${chars.slice(0, index).join('')}…`
  }
  return name
}

const PROBLEM_WORDS: Readonly<Record<MenuProblem['code'], string>> = {
  no_buttons: 'a menu needs at least one button',
  too_many_buttons: `a menu has at most ${MENU_LIMITS.topButtons} top buttons`,
  too_many_sub_buttons: `a group has at most ${MENU_LIMITS.subButtons} buttons`,
  name_missing: 'the button needs a name',
  name_too_long: `the name is too long (${MENU_LIMITS.topNameBytes} bytes for a top button, ${MENU_LIMITS.subNameBytes} for one in a group)`,
  type_unknown: 'the button needs a type',
  key_missing: 'the button needs a key',
  key_too_long: `the key is over ${MENU_LIMITS.keyBytes} bytes`,
  url_invalid: 'the button needs an http(s) link',
  miniprogram_incomplete: 'a mini-program button needs its AppID and page path',
}

/** A problem in words, with where it is ("button 2, item 3: …"), for the relay's refusal. */
export function menuProblemText(problem: MenuProblem): string {
  const where =
    problem.top === null
      ? ''
      : problem.sub === null
        ? `button ${problem.top + 1}: `
        : `button ${problem.top + 1}, item ${problem.sub + 1}: `
  return `${where}${PROBLEM_WORDS[problem.code]}`
}
