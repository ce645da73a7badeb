import { z } from 'zod'
import type { Wire } from './wire-type.js'

/** WeChat's limits on parametric QR codes (a temporary code lives at most 30 days; 100 000 permanent ones). */
export const QR_CODE_LIMITS = {
  sceneLength: 64,
  longestTemporaryDays: 30,
  permanentCount: 100_000,
} as const

const scene = z
  .string()
  .trim()
  .min(1)
  .max(QR_CODE_LIMITS.sceneLength)
  // The scene comes back in the follow's EventKey and names the welcome: letters, digits, - _ . only.
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, -, _ and . only')

/** `POST /api/accounts/:key/qr-codes`: a code for a scene, permanent or for some days. */
export const createQrCodeRequestSchema = z
  .object({
    scene,
    isPermanent: z.boolean(),
    /** Temporary codes only: how many days it works (WeChat allows up to 30). */
    expireDays: z.number().int().min(1).max(QR_CODE_LIMITS.longestTemporaryDays).optional(),
  })
  .refine((request) => request.isPermanent || request.expireDays !== undefined, {
    message: 'a temporary code needs expireDays (1 to 30)',
    path: ['expireDays'],
  })

/** One QR code as the relay keeps it: the URL it encodes is what the console draws and prints. */
export const qrCodeSchema = z.object({
  accountKey: z.string(),
  scene: z.string(),
  isPermanent: z.boolean(),
  ticket: z.string(),
  url: z.string(),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
})

/** Followers a scene brought: who followed through it, who still follows, who wrote. */
export const sceneFiguresSchema = z.object({
  scene: z.string(),
  followersGained: z.number().int().nonnegative(),
  stillFollowing: z.number().int().nonnegative(),
  conversationsStarted: z.number().int().nonnegative(),
})

/** `GET /api/accounts/:key/qr-codes` answer: the codes, and the figures of every scene followers came by. */
export const qrCodeListingSchema = z.object({
  codes: z.array(qrCodeSchema),
  scenes: z.array(sceneFiguresSchema),
  permanentLeft: z.number().int().nonnegative(),
})

export type QrCode = Wire<typeof qrCodeSchema>
export type QrCodeListing = Wire<typeof qrCodeListingSchema>
export type CreateQrCodeRequest = z.infer<typeof createQrCodeRequestSchema>
