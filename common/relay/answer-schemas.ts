import { z } from 'zod'
import { conversationSchema, messageSchema, userSchema } from './entity-schemas.js'

/**
 * The answers of REST-only routes that are no entity of their own: pages and receipts. The relay's
 * OpenAPI document types its answers with these, and the desktop parses what it receives with them.
 */

/** `POST /api/session` answer: the bearer token and who signed in. */
export const sessionResponseSchema = z.object({ token: z.string().min(1), user: userSchema })

/** `GET /api/conversations` answer. */
export const conversationPageSchema = z.object({
  conversations: z.array(conversationSchema),
  /** Pass as `after` for the next page; null at the end. */
  next: z.string().nullable(),
  /** The log head when the page was read: a desktop may start its live cursor here. */
  cursor: z.number().int().nonnegative(),
})

/** `GET /api/conversations/:id/messages` answer, newest first. */
export const messagePageSchema = z.object({
  messages: z.array(messageSchema),
  /** Pass as `before` for older messages; null when there are none. */
  before: z.string().nullable(),
})

/** A picture uploaded to WeChat: send it as `{type: 'image', mediaId}` within 3 days. */
export const mediaUploadSchema = z.object({
  mediaId: z.string().min(1),
  /** A video's thumbnail, uploaded beside it for the video message's `thumb_media_id`. */
  thumbMediaId: z.string().min(1).optional(),
})

/** A picture canned response's picture, to show it. */
export const cannedPictureSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  dataBase64: z.string(),
})

/** The OpenAPI document, as JSON. */
export const openApiDocumentSchema = z.record(z.string(), z.unknown())
