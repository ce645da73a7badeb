import type { FastifyRequest } from 'fastify'
import type { User } from '../../common/domain/user.js'
import type { AuthService } from '../auth/auth-service.js'
import { RelayError } from '../relay-error.js'

/** The token of the request's `Authorization: Bearer <token>`, or an `unauthorized` error. */
export function bearerTokenOf(request: FastifyRequest): string {
  const header = request.headers.authorization
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header)
  if (match === null)
    throw new RelayError('unauthorized', 'Sign in first: send Authorization: Bearer <token>.')
  return match[1]!
}

/** The user behind the request's `Authorization: Bearer <token>`, or an `unauthorized` error. */
export async function bearerUserOf(request: FastifyRequest, auth: AuthService): Promise<User> {
  const user = await auth.authenticate(bearerTokenOf(request))
  if (user === null)
    throw new RelayError('unauthorized', 'The session is unknown or has expired; sign in again.')
  return user
}
