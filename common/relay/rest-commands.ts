import { z } from 'zod'
import { ACCOUNT_KEY_PATTERN } from '../domain/account.js'
import { createAccountRequestSchema, updateAccountRequestSchema } from './account-schemas.js'
import type { CommandTable } from './command-spec.js'
import {
  cannedPictureSchema,
  conversationPageSchema,
  mediaUploadSchema,
  messagePageSchema,
  openApiDocumentSchema,
  sessionResponseSchema,
} from './answer-schemas.js'
import { autoReplyRulesSchema, storedAutoReplyRulesSchema } from './auto-reply-rules.js'
import { auditLogPageSchema, auditLogQuerySchema, erasureReportSchema } from './data-schemas.js'
import {
  accountListingSchema,
  agentPresenceSchema,
  cannedResponseSchema,
  conversationSchema,
  tagSchema,
  teamSchema,
  userSchema,
} from './entity-schemas.js'
import {
  ACCOUNT_HEADER,
  CONVERSATION_HEADER,
  FILE_NAME_HEADER,
  IMAGE_LIMIT_BYTES,
  UPLOAD_KINDS,
} from './media-upload.js'
import { menuSchema } from '../domain/menu.js'
import { createQrCodeRequestSchema, qrCodeListingSchema, qrCodeSchema } from './qr-code-schemas.js'
import { reportQuerySchema, reportSchema } from './report-schemas.js'
import { accountTemplatesSchema } from './template-schemas.js'
import { RELAY_ROUTES } from './routes.js'
import {
  cannedResponseRequestSchema,
  createTagRequestSchema,
  updateTagRequestSchema,
  createUserRequestSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  sessionRequestSchema,
} from './schemas.js'
import {
  createTeamRequestSchema,
  handoverRequestSchema,
  updateTeamRequestSchema,
  updateUserRequestSchema,
} from './shared-state-schemas.js'
import {
  signInThrottleFilterSchema,
  signInThrottleListSchema,
  signInThrottlesClearedSchema,
} from './sign-in-throttle-schemas.js'

const conversationId = z.string().min(1).max(128)
const cannedResponseId = z.string().min(1).max(128)
const teamId = z.string().min(1).max(128)
const username = z.string().min(1).max(64)
const accountKey = z.string().regex(ACCOUNT_KEY_PATTERN, 'must be an account key')
const nothing = z.object({})
const megabytesOf = (bytes: number) => bytes / 1024 / 1024
const megabytes = megabytesOf(IMAGE_LIMIT_BYTES)

/**
 * The commands a desktop reaches over REST only: signing in and out, the pages it loads, administration,
 * uploads and the team's data. They sit in `relayCommands` with the socket commands and are mounted,
 * authorized and documented by the same REST registrar (relay/http/command-routes.ts).
 */
export const restCommands = {
  'session:create': {
    summary: 'Sign in with a username and password; answers a bearer token and the user.',
    request: sessionRequestSchema,
    answer: sessionResponseSchema,
    permission: null,
    errors: ['unauthorized', 'rate_limited'],
    isSocket: false,
    rest: { method: 'POST', path: RELAY_ROUTES.session, isPublic: true },
  },
  'session:end': {
    summary:
      "Sign out: ends the caller's token at once; its sockets get `session:revoked` and are disconnected.",
    request: nothing,
    answer: z.null(),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'DELETE', path: RELAY_ROUTES.session, status: 204 },
  },
  'openapi:get': {
    summary: 'This document.',
    request: nothing,
    answer: openApiDocumentSchema,
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.openApi, isPublic: true },
  },
  'conversations:list': {
    summary: 'Conversations, most recently changed first, in pages (`after` = the previous `next`).',
    request: listConversationsQuerySchema,
    answer: conversationPageSchema,
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.conversations },
  },
  'messages:list': {
    summary: "Messages of a conversation, newest first (`before` = the previous page's `before`).",
    request: listMessagesQuerySchema.extend({ conversationId }),
    answer: messagePageSchema,
    permission: 'conversation:view',
    errors: ['not_found', 'forbidden'],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.messages, params: { id: 'conversationId' } },
  },
  'conversation:erase': {
    summary:
      "Erase one follower's data (admins): messages, notes, follower panel, tags, ticket and the " +
      'conversation, and every event of it in the log; desktops drop it on `conversation.erased`. ' +
      'Answers once the log holds nothing of the follower.',
    request: z.object({ conversationId }),
    answer: erasureReportSchema,
    permission: 'follower:erase',
    errors: ['forbidden', 'not_found', 'conflict'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'DELETE', path: RELAY_ROUTES.conversation, params: { id: 'conversationId' } },
  },
  'media:upload': {
    summary:
      `Upload a file for a message: a picture (${UPLOAD_KINDS.image.contentTypes.join(', ')}, at most ` +
      `${megabytesOf(UPLOAD_KINDS.image.limitBytes)} MB), a voice note (${UPLOAD_KINDS.voice.contentTypes.join(', ')}, ` +
      `${megabytesOf(UPLOAD_KINDS.voice.limitBytes)} MB, ${UPLOAD_KINDS.voice.maxDurationMs / 1000} s) or a video ` +
      `(${UPLOAD_KINDS.video.contentTypes.join(', ')}, ${megabytesOf(UPLOAD_KINDS.video.limitBytes)} MB). The body is ` +
      `the raw file, its type checked against its first bytes; the optional ${FILE_NAME_HEADER} header names it ` +
      `(percent-encoded), ${ACCOUNT_HEADER} the official account it is for (default: \`default\`) and ` +
      `${CONVERSATION_HEADER} the conversation (then a closed window or a spent quota refuses it before WeChat ` +
      'is asked). Answers {mediaId} (and a video’s {thumbMediaId}); send it as {type: image|voice|video, ' +
      'mediaId} within 3 days, to a follower of that account. The same file uploaded again reuses its media id ' +
      'while it is valid; the relay keeps the file and shows it on the message that sends it.',
    request: z.object({
      data: z.instanceof(Uint8Array),
      fileName: z.string().max(512).optional(),
      accountKey: accountKey.optional(),
      conversationId: conversationId.optional(),
    }),
    answer: mediaUploadSchema,
    permission: 'message:send',
    errors: [
      'forbidden',
      'not_found',
      'invalid',
      'window_closed',
      'quota_exhausted',
      'payload_too_large',
      'unsupported_media_type',
      'wechat_error',
      'not_configured',
    ],
    isSocket: false,
    rest: {
      method: 'POST',
      path: RELAY_ROUTES.media,
      body: 'raw-image',
      headers: {
        [FILE_NAME_HEADER]: 'fileName',
        [ACCOUNT_HEADER]: 'accountKey',
        [CONVERSATION_HEADER]: 'conversationId',
      },
      status: 201,
    },
  },
  'tags:list': {
    summary: 'Every tag, by name.',
    request: nothing,
    answer: z.array(tagSchema),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.tags },
  },
  'tag:create': {
    summary: 'Create a tag (supervisors); announced as `tag.upserted`.',
    request: createTagRequestSchema,
    answer: tagSchema,
    permission: 'tag:manage',
    errors: ['forbidden', 'conflict'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'POST', path: RELAY_ROUTES.tags, status: 201 },
  },
  'tag:update': {
    summary: 'Rename or recolour a tag (supervisors); announced as `tag.upserted`.',
    request: updateTagRequestSchema.safeExtend({ tagId: z.string().min(1).max(128) }),
    answer: tagSchema,
    permission: 'tag:manage',
    errors: ['not_found', 'forbidden', 'conflict'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'PATCH', path: RELAY_ROUTES.tag, params: { id: 'tagId' } },
  },
  'canned-responses:list': {
    summary: "The team's canned responses and the caller's own.",
    request: nothing,
    answer: z.array(cannedResponseSchema),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.cannedResponses },
  },
  'canned-response:create': {
    summary:
      'Create a canned response: personal, or a team one (`isTeam`, supervisors); with `image` (JPEG, PNG or ' +
      `GIF as base64, at most ${megabytes} MB) a picture reply.`,
    request: cannedResponseRequestSchema,
    answer: cannedResponseSchema,
    permission: null,
    errors: ['forbidden', 'conflict', 'payload_too_large', 'unsupported_media_type'],
    isSocket: false,
    rest: { method: 'POST', path: RELAY_ROUTES.cannedResponses, body: 'json-with-image', status: 201 },
  },
  'canned-response:get-picture': {
    summary: "A picture canned response's picture, to show it: {fileName, mimeType, dataBase64}.",
    request: z.object({ cannedResponseId }),
    answer: cannedPictureSchema,
    permission: null,
    errors: ['not_found'],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.cannedResponseImage, params: { id: 'cannedResponseId' } },
  },
  'canned-response:upload-media': {
    summary:
      "Upload a picture canned response's image to WeChat for an image message; answers {mediaId}, the " +
      'last upload’s while it has more than an hour of WeChat’s 3 days left. `accountKey` names the ' +
      'official account it is for (default: `default`): media ids are each account’s own.',
    request: z.object({ cannedResponseId, accountKey: accountKey.optional() }),
    answer: mediaUploadSchema,
    permission: null,
    errors: ['not_found', 'invalid', 'forbidden', 'wechat_error', 'not_configured'],
    isSocket: false,
    rest: {
      method: 'POST',
      path: RELAY_ROUTES.cannedResponseMedia,
      params: { id: 'cannedResponseId' },
      status: 201,
    },
  },
  'canned-response:delete': {
    summary: 'Delete a canned response: team ones by supervisors, personal ones by their owner.',
    request: z.object({ cannedResponseId }),
    answer: cannedResponseSchema,
    permission: null,
    errors: ['not_found', 'forbidden'],
    isSocket: false,
    rest: { method: 'DELETE', path: RELAY_ROUTES.cannedResponse, params: { id: 'cannedResponseId' } },
  },
  'users:list': {
    summary: 'Every user (no secrets).',
    request: nothing,
    answer: z.array(userSchema),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.users },
  },
  'user:create': {
    summary: 'Create a user (admins only).',
    request: createUserRequestSchema,
    answer: userSchema,
    permission: 'user:create',
    errors: ['forbidden', 'conflict'],
    isSocket: false,
    rest: { method: 'POST', path: RELAY_ROUTES.users, status: 201 },
  },
  'user:update': {
    summary:
      'Edit a user (admins): display name, role, team, kf persona, disable, new password. Disabling or a new ' +
      'password ends their sessions and sockets at once.',
    request: updateUserRequestSchema.extend({ username }),
    answer: userSchema,
    permission: 'user:manage',
    errors: ['not_found', 'forbidden'],
    isSocket: false,
    rest: { method: 'PATCH', path: RELAY_ROUTES.user, params: { username: 'username' } },
  },
  'user:list-open-conversations': {
    summary: "A user's unresolved conversations, the window closing soonest first (self, or supervisors).",
    request: z.object({ username }),
    answer: z.array(conversationSchema),
    permission: null,
    errors: ['not_found', 'forbidden'],
    isSocket: false,
    rest: {
      method: 'GET',
      path: RELAY_ROUTES.userOpenConversations,
      params: { username: 'username' },
    },
  },
  'user:hand-over': {
    summary:
      "Shift-end handover: move a user's unresolved conversations to someone else or the queue at once.",
    request: handoverRequestSchema.extend({ username }),
    answer: z.array(conversationSchema),
    permission: null,
    errors: ['not_found', 'forbidden', 'conflict'],
    isSocket: false,
    rest: { method: 'POST', path: RELAY_ROUTES.userHandover, params: { username: 'username' } },
  },
  'teams:list': {
    summary: 'Every team with its settings.',
    request: nothing,
    answer: z.array(teamSchema),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.teams },
  },
  'team:create': {
    summary: 'Create a team (admins).',
    request: createTeamRequestSchema,
    answer: teamSchema,
    permission: 'team:manage',
    errors: ['forbidden', 'conflict'],
    isSocket: false,
    rest: { method: 'POST', path: RELAY_ROUTES.teams, status: 201 },
  },
  'team:update': {
    summary: "Change a team's name or settings: sharing, auto-assignment, the per-agent cap (admins).",
    request: updateTeamRequestSchema.extend({ teamId }),
    answer: teamSchema,
    permission: 'team:manage',
    errors: ['not_found', 'forbidden', 'conflict'],
    isSocket: false,
    rest: { method: 'PATCH', path: RELAY_ROUTES.team, params: { id: 'teamId' } },
  },
  'accounts:list': {
    summary:
      'Every official account with where it is declared, whether it is served and its webhook path (admins); secrets are never answered.',
    request: nothing,
    answer: z.array(accountListingSchema),
    permission: 'account:manage',
    errors: ['forbidden'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.accounts },
  },
  'account:create': {
    summary:
      'Add an official account (admins), served at `/wechat/<key>` on every relay from the answer on. Its secrets are encrypted at rest with RELAY_SECRET_KEY (`not_configured` without it).',
    request: createAccountRequestSchema,
    answer: accountListingSchema,
    permission: 'account:manage',
    errors: ['forbidden', 'conflict', 'not_configured'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'POST', path: RELAY_ROUTES.accounts, status: 201 },
  },
  'account:update': {
    summary:
      "Change an official account added in the console (admins): its name, AppID, secrets (write-only) or whether it is served. Accounts of the relay's configuration are changed there.",
    request: updateAccountRequestSchema.extend({ accountKey: accountKey }),
    answer: accountListingSchema,
    permission: 'account:manage',
    errors: ['forbidden', 'not_found', 'conflict', 'invalid', 'not_configured'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'PATCH', path: RELAY_ROUTES.account, params: { key: 'accountKey' } },
  },
  'presence:list': {
    summary: "Everyone's presence (online, away, offline); changes arrive as `presence:changed`.",
    request: nothing,
    answer: z.array(agentPresenceSchema),
    permission: null,
    errors: [],
    isSocket: false,
    rest: { method: 'GET', path: RELAY_ROUTES.presence },
  },
  'sign-in-throttles:list': {
    summary:
      'Sign-in throttles counting failures now (admins): per username from an address, and per address ' +
      '(`username` null); `lockedUntil` is when a lock ends.',
    request: nothing,
    answer: signInThrottleListSchema,
    permission: 'user:manage',
    errors: ['forbidden'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.signInThrottles },
  },
  'sign-in-throttles:clear': {
    summary:
      'Clear sign-in throttles (admins): those of `username`, of `address`, of both together, or all when ' +
      'neither is given.',
    request: signInThrottleFilterSchema,
    answer: signInThrottlesClearedSchema,
    permission: 'user:manage',
    errors: ['forbidden'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'DELETE', path: RELAY_ROUTES.signInThrottles },
  },
  'auto-replies:get': {
    summary: 'The auto-reply rules: welcome by QR scene, menu clicks, keywords, off-hours (admins).',
    request: nothing,
    answer: storedAutoReplyRulesSchema,
    permission: 'auto-replies:manage',
    errors: ['forbidden'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.autoReplies },
  },
  'auto-replies:set': {
    summary: 'Replaces the auto-reply rules (admins).',
    request: autoReplyRulesSchema,
    answer: storedAutoReplyRulesSchema,
    permission: 'auto-replies:manage',
    errors: ['forbidden', 'invalid'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'PUT', path: RELAY_ROUTES.autoReplies },
  },
  'account-auto-replies:get': {
    summary:
      "One official account's auto-reply rules (admins): its own, else every account's (`isInherited`).",
    request: z.object({ accountKey }),
    answer: storedAutoReplyRulesSchema,
    permission: 'auto-replies:manage',
    errors: ['forbidden', 'not_found'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.accountAutoReplies, params: { key: 'accountKey' } },
  },
  'account-auto-replies:set': {
    summary:
      "Replaces one official account's auto-reply rules (admins): welcome by QR scene, menu clicks, keywords, off-hours.",
    request: autoReplyRulesSchema.extend({ accountKey }),
    answer: storedAutoReplyRulesSchema,
    permission: 'auto-replies:manage',
    errors: ['forbidden', 'not_found', 'invalid'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'PUT', path: RELAY_ROUTES.accountAutoReplies, params: { key: 'accountKey' } },
  },
  'qr-codes:list': {
    summary:
      "An account's parametric QR codes, and for each scene followers came by: followers gained, still following, conversations started (supervisors, admins).",
    request: z.object({ accountKey }),
    answer: qrCodeListingSchema,
    permission: 'account:operate',
    errors: ['forbidden', 'not_found'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.qrCodes, params: { key: 'accountKey' } },
  },
  'qr-code:create': {
    summary:
      'Makes a parametric QR code for a scene through `qrcode/create` (supervisors, admins): permanent, or temporary for 1 to 30 days; WeChat allows 100 000 permanent codes per account.',
    request: createQrCodeRequestSchema.and(z.object({ accountKey })),
    answer: qrCodeSchema,
    permission: 'account:operate',
    errors: ['forbidden', 'not_found', 'invalid', 'not_configured', 'wechat_error'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'POST', path: RELAY_ROUTES.qrCodes, params: { key: 'accountKey' }, status: 201 },
  },
  'menu:get': {
    summary:
      "The account's custom menu as WeChat has it (`menu/get`); `menu` null when it has none (supervisors, admins).",
    request: z.object({ accountKey }),
    answer: z.object({ menu: menuSchema.nullable() }),
    permission: 'account:operate',
    errors: ['forbidden', 'not_found', 'not_configured', 'wechat_error'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.menu, params: { key: 'accountKey' } },
  },
  'menu:set': {
    summary:
      "Makes the account's custom menu (`menu/create`): up to 3 buttons of up to 5 each, WeChat's name, key and link limits checked first and refused with plain reasons (supervisors, admins).",
    request: menuSchema.extend({ accountKey }),
    answer: z.object({ menu: menuSchema.nullable() }),
    permission: 'account:operate',
    errors: ['forbidden', 'not_found', 'invalid', 'not_configured', 'wechat_error'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'PUT', path: RELAY_ROUTES.menu, params: { key: 'accountKey' } },
  },
  'menu:delete': {
    summary: "Deletes the account's custom menu (`menu/delete`) (supervisors, admins).",
    request: z.object({ accountKey }),
    answer: z.object({ menu: menuSchema.nullable() }),
    permission: 'account:operate',
    errors: ['forbidden', 'not_found', 'not_configured', 'wechat_error'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'DELETE', path: RELAY_ROUTES.menu, params: { key: 'accountKey' } },
  },
  'templates:list': {
    summary:
      "The account's own template messages (`template/get_all_private_template`), each with the fields its content names: what an agent picks to re-engage a follower whose window closed.",
    request: z.object({ accountKey }),
    answer: accountTemplatesSchema,
    permission: 'message:send',
    errors: ['forbidden', 'not_found', 'not_configured', 'wechat_error'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.accountTemplates, params: { key: 'accountKey' } },
  },
  'audit-log:list': {
    summary:
      'The audit log of admin actions (admins): who did what to which user, team, tag, canned reply, ' +
      'setting or follower, when; newest first, in pages (`before` = the previous `next`).',
    request: auditLogQuerySchema,
    answer: auditLogPageSchema,
    permission: 'audit-log:view',
    errors: ['forbidden'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.auditLog },
  },
  'reports:get': {
    summary:
      'Reports for a range [from, to) in a time zone, filtered by account, team, agent and tag: tickets, ' +
      'messages, first response and resolution times (median, 90th percentile, wall-clock and business ' +
      'hours), SLA breaches, reply-window outcomes, satisfaction, per agent and per tag, an hour-by-weekday ' +
      'heatmap. Supervisors see their team, agents themselves.',
    request: reportQuerySchema,
    answer: reportSchema,
    permission: 'report:view',
    errors: ['forbidden', 'invalid'],
    isSocket: false,
    isConsoleCall: true,
    rest: { method: 'GET', path: RELAY_ROUTES.reports },
  },
} as const satisfies CommandTable
