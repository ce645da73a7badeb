import { receiverRefusal } from '../../../common/domain/receiver-refusal.js'
import type { User } from '../../../common/domain/user.js'

/**
 * The people this user may hand conversations to, by the relay's own rule. `me` is taken from the user
 * list, which follows the relay's changes, not the sign-in's copy: a team change applies at once there.
 */
export function receiversFor(me: User | null, users: readonly User[], except: string | null): User[] {
  const actor = me === null ? null : (users.find((user) => user.username === me.username) ?? me)
  return users
    .filter((user) => user.username !== except && (actor === null || receiverRefusal(actor, user) === null))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
}
