import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'

/** The rules of the MP console's fields: for `WECHAT_*`, the accounts file and the console alike. */
export const accountKeySchema = z
  .string()
  .regex(ACCOUNT_KEY_PATTERN, 'must be lower-case letters, digits and dashes (at most 32)')
export const accountNameSchema = z.string().trim().min(1).max(64)
export const accountTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3 to 32 letters or digits, as in the MP console')
export const appIdSchema = z
  .string()
  .regex(/^wx[0-9a-zA-Z]{14,18}$/, 'must look like wx followed by 16 letters or digits')
export const appSecretSchema = z.string().min(1).max(128)
export const windowQuotaSchema = z.number().int().min(0).max(1000)
export const encodingAesKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43 letters and digits of the EncodingAESKey')

/** `POST /api/accounts` (admins): an account served from now on, its webhook at `/wechat/<key>`. */
export const createAccountRequestSchema = z.object({
  key: accountKeySchema,
  name: accountNameSchema,
  appId: appIdSchema,
  appSecret: appSecretSchema,
  token: accountTokenSchema,
  encodingAESKey: encodingAesKeySchema.optional(),
  encodingAESKeyPrevious: encodingAesKeySchema.optional(),
  /** Replies per window after a follower's message / an event, when not the relay's RELAY_WINDOW_*_QUOTA. */
  messageQuota: windowQuotaSchema.optional(),
  eventQuota: windowQuotaSchema.optional(),
})

/**
 * `PATCH /api/accounts/:key` (admins): only the fields sent change. Secrets are write-only: sent, they
 * replace the kept one; a previous EncodingAESKey sent as null ends a rotation.
 */
export const updateAccountRequestSchema = z.object({
  name: accountNameSchema.optional(),
  appId: appIdSchema.optional(),
  appSecret: appSecretSchema.optional(),
  token: accountTokenSchema.optional(),
  encodingAESKey: encodingAesKeySchema.optional(),
  encodingAESKeyPrevious: encodingAesKeySchema.nullable().optional(),
  isEnabled: z.boolean().optional(),
  /** Null goes back to the relay's quota. */
  messageQuota: windowQuotaSchema.nullable().optional(),
  eventQuota: windowQuotaSchema.nullable().optional(),
})
