import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * WeChat's signature: the parts sorted byte-wise ("字典序", never locale collation), joined without a
 * separator, SHA-1, lowercase hex. Three parts for `signature`, four (with Encrypt) for `msg_signature`.
 */
export function signatureOf(parts: readonly string[]): string {
  // Sort by UTF-8 bytes: JS's default sort compares UTF-16 code units, which differs past U+FFFF.
  const sorted = parts.map((part) => Buffer.from(part, 'utf8')).sort(Buffer.compare)
  return createHash('sha1').update(Buffer.concat(sorted)).digest('hex')
}

/** Compares two signatures in constant time (for equal lengths), so timing does not leak a prefix. */
export function isSameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length !== right.length) return false
  return timingSafeEqual(left, right)
}
