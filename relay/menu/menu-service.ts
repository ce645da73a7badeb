import { menuProblemsOf, menuProblemText, menuSchema, type Menu } from '../../common/domain/menu.js'
import type { User } from '../../common/domain/user.js'
import { recordAudit } from '../audit/record-audit.js'
import type { AccountApiResult, WeChatSender } from '../outbound/wechat-sender.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'

/** WeChat's answer to `menu/get` when the account has no menu. */
const NO_MENU = 46003

/** The account's custom menu, read from and written to WeChat (which keeps it; the relay keeps none). */
export interface MenuService {
  /** The menu in force, or null when the account has none. */
  get(accountKey: string): Promise<Menu | null>
  set(user: User, accountKey: string, menu: Menu): Promise<Menu>
  remove(user: User, accountKey: string): Promise<void>
}

/**
 * Menus are WeChat's: read back with `menu/get`, made with `menu/create` only once `menuProblemsOf` (the
 * one rule, shared with the console) finds nothing WeChat would refuse, deleted with `menu/delete`.
 * Every change is in the audit log.
 */
export function createMenuService(dependencies: {
  readonly store: RelayStore
  readonly sender: WeChatSender | null
  readonly now: () => number
}): MenuService {
  const { store, now } = dependencies

  function senderOrThrow(): WeChatSender {
    if (dependencies.sender === null)
      throw new RelayError(
        'not_configured',
        'This relay has no way to WeChat: the menu needs the account’s AppSecret.',
      )
    return dependencies.sender
  }

  function answerOrThrow(result: AccountApiResult, doing: string): Readonly<Record<string, unknown>> {
    if (!result.ok) throw new RelayError('wechat_error', `WeChat did not ${doing}: ${result.failure.message}`)
    return result.answer
  }

  async function audit(
    user: User,
    accountKey: string,
    action: 'menu.updated' | 'menu.deleted',
    buttons: number,
  ) {
    await store.transaction(async (tx) => {
      await recordAudit(tx, now(), { actor: user.username, action, target: accountKey, details: { buttons } })
    })
  }

  return {
    async get(accountKey) {
      const result = await senderOrThrow().callAccountApi(accountKey, {
        path: '/cgi-bin/menu/get',
        isIdempotent: true,
      })
      if (!result.ok && result.failure.wechatErrcode === NO_MENU) return null
      const answer = answerOrThrow(result, 'read the menu')
      const parsed = menuSchema.safeParse(answer['menu'])
      return parsed.success ? parsed.data : null
    },
    async set(user, accountKey, menu) {
      const problems = menuProblemsOf(menu)
      if (problems.length > 0)
        throw new RelayError(
          'invalid',
          `WeChat would refuse this menu: ${problems.map(menuProblemText).join('; ')}.`,
        )
      answerOrThrow(
        await senderOrThrow().callAccountApi(accountKey, {
          path: '/cgi-bin/menu/create',
          json: menu,
          isIdempotent: true,
        }),
        'make the menu',
      )
      await audit(user, accountKey, 'menu.updated', menu.button.length)
      return menu
    },
    async remove(user, accountKey) {
      answerOrThrow(
        await senderOrThrow().callAccountApi(accountKey, {
          path: '/cgi-bin/menu/delete',
          isIdempotent: true,
        }),
        'delete the menu',
      )
      await audit(user, accountKey, 'menu.deleted', 0)
    },
  }
}
