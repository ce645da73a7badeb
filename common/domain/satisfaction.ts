import type { satisfactionPolicySchema } from '../relay/entity-schemas.js'
import type { Wire } from '../relay/wire-type.js'

/** A team's rating question on resolving: on or off, its words, and how long an answer counts. */
export type SatisfactionPolicy = Wire<typeof satisfactionPolicySchema>

/** The question a team starts from: both languages in one message, as WeChat shows one text. */
export const DEFAULT_SATISFACTION: SatisfactionPolicy = {
  isEnabled: false,
  question:
    '请为本次服务打分：回复 1–5（5 = 非常满意，1 = 非常不满意）。\nPlease rate our service: reply 1–5 (5 = very satisfied, 1 = very dissatisfied).',
  answerWithinHours: 24,
}

/** Words followers answer with instead of a digit, with the score each means. Longest first: 不满意 holds 满意. */
const RATING_WORDS: readonly (readonly [string, number])[] = [
  ['非常不满意', 1],
  ['很不满意', 1],
  ['非常满意', 5],
  ['很满意', 5],
  ['不满意', 2],
  ['一般', 3],
  ['满意', 4],
  ['very dissatisfied', 1],
  ['very satisfied', 5],
  ['dissatisfied', 2],
  ['neutral', 3],
  ['satisfied', 4],
]

const FULL_WIDTH_DIGITS = '０１２３４５６７８９'

/**
 * The score (1–5) a follower's answer gives, or null when it is not a rating: a lone digit 1–5 (ASCII or
 * full-width, optional "分"/"星" after it), or one of the words alone. Anything longer is an ordinary
 * message, so "2 questions about my order" is never taken as a 2.
 */
export function ratingOf(text: string): number | null {
  const answer = text
    .trim()
    .replace(/[０-９]/g, (digit) => String(FULL_WIDTH_DIGITS.indexOf(digit)))
    .replace(/[。.!！~～]+$/u, '')
    .toLowerCase()
  const digit = /^([1-5])\s*(分|星)?$/u.exec(answer)
  if (digit !== null) return Number(digit[1])
  return RATING_WORDS.find(([word]) => answer === word)?.[1] ?? null
}
