/** Roles, enforced by the relay: agent < supervisor < admin. */
export type Role = 'agent' | 'supervisor' | 'admin'

/** A Kefu user as other users see them (never the password hash). */
export interface User {
  readonly username: string
  readonly displayName: string
  readonly role: Role
  readonly isDisabled: boolean
  /** WeChat kf persona (`prefix@account`) used as `customservice.kf_account` on sends. */
  readonly kfAccount: string | null
  readonly teamId: string | null
}

/** The picture of an image canned response; its bytes stay on the relay, which uploads them to WeChat. */
export interface CannedImage {
  readonly fileName: string
  /** Sniffed from the bytes: image/jpeg, image/png or image/gif. */
  readonly mimeType: string
  readonly byteLength: number
}

/** The picture of a picture canned response itself, as `GET /api/canned-responses/:id/image` answers it. */
export interface CannedPicture {
  readonly fileName: string
  readonly mimeType: string
  readonly dataBase64: string
}

/**
 * A canned response; `ownerUsername` null = a team reply, managed by supervisors. With an `image`, the
 * reply sends that picture and `body` only describes it (what the menu shows and searches).
 */
export interface CannedResponse {
  readonly id: string
  readonly shortCode: string
  readonly body: string
  readonly ownerUsername: string | null
  readonly image: CannedImage | null
}
