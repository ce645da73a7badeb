import type { User } from '../../common/domain/user.js'
import type { AuthService } from './auth-service.js'
import { RelayError } from '../relay-error.js'

/**
 * The user behind a socket as they are now, read afresh for its session at every command: the user the
 * socket connected as may since have been demoted, disabled or signed out (here or on another relay).
 * An ended session is `unauthorized`.
 */
export async function currentUserOf(
  auth: Pick<AuthService, 'userOfSession'>,
  tokenHash: string,
): Promise<User> {
  const user = await auth.userOfSession(tokenHash)
  if (user === null) throw new RelayError('unauthorized', 'The session has ended; sign in again.')
  return user
}
