import { z } from 'zod'
import type { ReplyWindowConfig } from '../domain/reply-window.js'

const windowRuleSchema = z.object({
  durationMs: z.number().int().positive(),
  quota: z.number().int().nonnegative().nullable(),
})

/**
 * The reply window as the relay is configured (`RELAY_WINDOW_*_QUOTA`), told to each desktop in
 * `sync:started`: the console draws countdowns and "messages left" with the relay's numbers, not WeChat's
 * defaults, so what it shows is what the relay will allow.
 */
export const replyWindowSchema: z.ZodType<ReplyWindowConfig> = z.object({
  message: windowRuleSchema,
  event: windowRuleSchema,
  payment: windowRuleSchema,
})
