import { z } from 'zod'
import { RelayError } from '../relay-error.js'

/** Parses part of a request with its zod schema; a failure is an `invalid` naming the fields. */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown, part: string): T {
  const parsed = schema.safeParse(value ?? {})
  if (parsed.success) return parsed.data
  throw new RelayError('invalid', `Invalid ${part}: ${z.prettifyError(parsed.error)}`, {
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  })
}
