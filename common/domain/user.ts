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

/** A canned response; `ownerUsername` null = a team reply, managed by supervisors. */
export interface CannedResponse {
  readonly id: string
  readonly shortCode: string
  readonly body: string
  readonly ownerUsername: string | null
}
