import { resolve } from 'node:path'
import { z } from 'zod'
import {
  DEFAULT_REPLY_WINDOW_CONFIG,
  withQuotas,
  type ReplyWindowConfig,
} from '../common/domain/reply-window.js'
import { DEFAULT_ACCOUNT_KEY } from '../common/domain/account.js'
import { accountTokenSchema, appIdSchema, encodingAesKeySchema } from '../common/relay/account-schemas.js'
import {
  AccountsFileError,
  assertDistinct,
  readAccountsFile,
  type AccountConfig,
  type AccountDefaults,
} from './accounts/account-config.js'
import type { ResolvedTicketPolicy } from './ingest/apply-push.js'

/** Everything the relay reads from its environment, parsed and checked. */
export interface RelayConfig {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /**
   * `RELAY_DATABASE_URL`: the store is this PostgreSQL database, shared by every relay pointed at it;
   * null keeps the embedded SQLite file in `dataDir`.
   */
  readonly databaseUrl: string | null
  readonly adminPassword: string | null
  /**
   * The official accounts served, each at `/wechat/<key>`: those of `RELAY_ACCOUNTS_FILE`, and the
   * `WECHAT_*` variables' as `default` at `/wechat`. Empty: the webhook answers 503 not_configured.
   */
  readonly accounts: readonly AccountConfig[]
  /** What every account shares (WeChat's API base, the plaintext switch), admins' accounts included. */
  readonly accountDefaults: AccountDefaults
  /**
   * `RELAY_SECRET_KEY`: encrypts the secrets of accounts admins add in the console; without it they
   * cannot add any, and a relay whose database keeps some refuses to start.
   */
  readonly secretKey: string | null
  readonly replyWindow: ReplyWindowConfig
  /** A follower writing to a resolved ticket opens the next ticket, or reopens the resolved one. */
  readonly resolvedTicket: ResolvedTicketPolicy
  /** Webhook bodies above this many bytes are refused with 413 and stored nowhere. */
  readonly webhookBodyLimit: number
  /** A push (or URL check) signed more than this many seconds from the relay's clock is refused. */
  readonly webhookMaxAgeSeconds: number
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's `trustProxy`): behind the TLS proxy WeChat
   * requires, the sign-in throttle must see followers' and agents' addresses, not the proxy's.
   */
  readonly trustProxy: boolean | readonly string[]
  /** Messages older than this many days are deleted (relay, log and desktops); null keeps everything. */
  readonly retentionDays: number | null
  /** A follower's unsubscribe erases their data, as an admin's erasure would. */
  readonly isErasingOnUnsubscribe: boolean
}

/** A missing or malformed environment variable; the message names it. */
export class ConfigError extends Error {
  /** The variable at fault. */
  readonly variable: string

  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const optionalString = z.preprocess(blankToUndefined, z.string().optional())
const aesKey = z.preprocess(blankToUndefined, encodingAesKeySchema.optional())

/** A whole number in [min, max]; anything else (words, fractions, out of range) gets the same plain message. */
function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const error =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number of at least ${min}`
      : `must be a whole number from ${min} to ${max}`
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

const environmentSchema = z.object({
  RELAY_PORT: z.preprocess(blankToUndefined, wholeNumber(0, 65535).default(8080)),
  RELAY_HOST: z.preprocess(blankToUndefined, z.string().min(1).default('127.0.0.1')),
  RELAY_DATA_DIR: z.preprocess(blankToUndefined, z.string().min(1).default('./.kefu-data')),
  RELAY_DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  RELAY_ADMIN_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(8, 'must be at least 8 characters').max(256).optional(),
  ),
  RELAY_WEBHOOK_BODY_LIMIT: z.preprocess(blankToUndefined, wholeNumber(1024, 10_485_760).default(262_144)),
  RELAY_WEBHOOK_MAX_AGE: z.preprocess(blankToUndefined, wholeNumber(1, 86_400).default(300)),
  RELAY_RESOLVED_TICKET: z.preprocess(
    blankToUndefined,
    z.enum(['new', 'reopen'], { error: 'must be new or reopen' }).default('new'),
  ),
  RELAY_TRUST_PROXY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^(true|false|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
        'must be true, false, or comma-separated proxy addresses/CIDRs',
      )
      .optional(),
  ),
  RELAY_RETENTION_DAYS: z.preprocess(blankToUndefined, wholeNumber(1, 36_500).optional()),
  RELAY_ERASE_ON_UNSUBSCRIBE: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  RELAY_WINDOW_MESSAGE_QUOTA: z.preprocess(blankToUndefined, wholeNumber(0).optional()),
  RELAY_WINDOW_EVENT_QUOTA: z.preprocess(blankToUndefined, wholeNumber(0).optional()),
  RELAY_ACCOUNTS_FILE: optionalString,
  RELAY_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z.string().min(32, 'must be at least 32 characters (say, openssl rand -base64 32)').optional(),
  ),
  WECHAT_TOKEN: z.preprocess(blankToUndefined, accountTokenSchema.optional()),
  WECHAT_APPID: z.preprocess(blankToUndefined, appIdSchema.optional()),
  WECHAT_APPSECRET: optionalString,
  WECHAT_ACCOUNT_NAME: optionalString,
  WECHAT_ENCODING_AES_KEY: aesKey,
  WECHAT_ENCODING_AES_KEY_PREVIOUS: aesKey,
  WECHAT_API_BASE: z.preprocess(blankToUndefined, z.url().default('https://api.weixin.qq.com')),
  WECHAT_ACCEPT_PLAINTEXT: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
})

/**
 * Reads the relay's configuration from an environment; throws a ConfigError naming the first bad
 * variable. Without WeChat credentials the relay still runs (the webhook answers 503).
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>>): RelayConfig {
  const parsed = environmentSchema.safeParse(environment)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message)
  }
  const env = parsed.data
  return {
    port: env.RELAY_PORT,
    host: env.RELAY_HOST,
    dataDir: resolve(env.RELAY_DATA_DIR),
    databaseUrl: env.RELAY_DATABASE_URL ?? null,
    adminPassword: env.RELAY_ADMIN_PASSWORD ?? null,
    accounts: accountsOf(env),
    accountDefaults: accountDefaultsOf(env),
    secretKey: env.RELAY_SECRET_KEY ?? null,
    replyWindow: replyWindowOf(env),
    resolvedTicket: env.RELAY_RESOLVED_TICKET,
    webhookBodyLimit: env.RELAY_WEBHOOK_BODY_LIMIT,
    webhookMaxAgeSeconds: env.RELAY_WEBHOOK_MAX_AGE,
    trustProxy: trustProxyOf(env.RELAY_TRUST_PROXY),
    retentionDays: env.RELAY_RETENTION_DAYS ?? null,
    isErasingOnUnsubscribe: env.RELAY_ERASE_ON_UNSUBSCRIBE === 'true',
  }
}

function trustProxyOf(value: string | undefined): RelayConfig['trustProxy'] {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  return value.split(',')
}

/** The accounts of the file, then the `WECHAT_*` one as `default`; a key or an AppID twice is refused. */
/** RELAY_WINDOW_*_QUOTA over WeChat's table: every account's, unless its own entry says otherwise. */
function replyWindowOf(env: z.infer<typeof environmentSchema>): ReplyWindowConfig {
  return withQuotas(DEFAULT_REPLY_WINDOW_CONFIG, {
    message: env.RELAY_WINDOW_MESSAGE_QUOTA,
    event: env.RELAY_WINDOW_EVENT_QUOTA,
  })
}

function accountDefaultsOf(env: z.infer<typeof environmentSchema>): AccountDefaults {
  return {
    replyWindow: replyWindowOf(env),
    apiBase: env.WECHAT_API_BASE.replace(/\/+$/, ''),
    isPlaintextAccepted: env.WECHAT_ACCEPT_PLAINTEXT === 'true',
  }
}

function accountsOf(env: z.infer<typeof environmentSchema>): AccountConfig[] {
  const defaults = accountDefaultsOf(env)
  const accounts: AccountConfig[] = []
  if (env.RELAY_ACCOUNTS_FILE !== undefined) {
    try {
      accounts.push(...readAccountsFile(resolve(env.RELAY_ACCOUNTS_FILE), defaults))
    } catch (error) {
      if (error instanceof AccountsFileError) throw new ConfigError('RELAY_ACCOUNTS_FILE', error.message)
      throw error
    }
  }
  const fromEnvironment = defaultAccountOf(env, defaults)
  if (fromEnvironment !== null) accounts.push(fromEnvironment)
  try {
    assertDistinct(accounts, 'RELAY_ACCOUNTS_FILE and WECHAT_*')
  } catch (error) {
    if (error instanceof AccountsFileError) throw new ConfigError('RELAY_ACCOUNTS_FILE', error.message)
    throw error
  }
  return accounts
}

/** The `WECHAT_*` variables, which keep defining the account `default` at `/wechat`. */
function defaultAccountOf(
  env: z.infer<typeof environmentSchema>,
  defaults: AccountDefaults,
): AccountConfig | null {
  const isAnySet = [
    env.WECHAT_TOKEN,
    env.WECHAT_APPID,
    env.WECHAT_APPSECRET,
    env.WECHAT_ENCODING_AES_KEY,
    env.WECHAT_ENCODING_AES_KEY_PREVIOUS,
  ].some((value) => value !== undefined)
  if (!isAnySet) return null
  // Half a configuration would reject every push at 4xx: better to stop and name what is missing.
  if (env.WECHAT_TOKEN === undefined) throw new ConfigError('WECHAT_TOKEN', 'is required with WECHAT_*')
  if (env.WECHAT_APPID === undefined) throw new ConfigError('WECHAT_APPID', 'is required with WECHAT_*')
  if (env.WECHAT_ENCODING_AES_KEY_PREVIOUS !== undefined && env.WECHAT_ENCODING_AES_KEY === undefined) {
    throw new ConfigError('WECHAT_ENCODING_AES_KEY', 'is required when a previous key is set')
  }
  const keys = [env.WECHAT_ENCODING_AES_KEY, env.WECHAT_ENCODING_AES_KEY_PREVIOUS].filter(
    (key): key is string => key !== undefined,
  )
  return {
    key: DEFAULT_ACCOUNT_KEY,
    name: env.WECHAT_ACCOUNT_NAME ?? 'Official account',
    token: env.WECHAT_TOKEN,
    appId: env.WECHAT_APPID,
    appSecret: env.WECHAT_APPSECRET ?? null,
    encodingAesKeys: keys,
    ...defaults,
  }
}
