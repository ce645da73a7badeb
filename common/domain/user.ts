import type { cannedPictureSchema } from '../relay/answer-schemas.js'
import type {
  cannedImageSchema,
  cannedCardSchema,
  cannedResponseSchema,
  userSchema,
} from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/* What the relay shares of users and canned responses: each type is what its schema in the contract parses. */

/** A Kefu user as other users see them (never the password hash). */
export type User = Wire<typeof userSchema>

/** Roles, enforced by the relay: agent < supervisor < admin. */
export type Role = User['role']

/** The picture of an image canned response; its bytes stay on the relay, which uploads them to WeChat. */
export type CannedImage = Wire<typeof cannedImageSchema>

/** The picture of a picture canned response itself, as `GET /api/canned-responses/:id/image` answers it. */
export type CannedPicture = Wire<typeof cannedPictureSchema>

/**
 * A canned response; `ownerUsername` null = a team reply, managed by supervisors. With an `image`, the
 * reply sends that picture and `body` only describes it (what the menu shows and searches).
 */
export type CannedResponse = Wire<typeof cannedResponseSchema>

/** The card a card reply sends (an article, or a mini-program card with the reply's picture). */
export type CannedCard = Wire<typeof cannedCardSchema>
