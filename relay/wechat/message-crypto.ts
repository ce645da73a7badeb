import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { WebhookRejection } from './webhook-rejection.js'

/** WeChat pads to 32 bytes (the key size), not to the AES block size (reference §1.5). */
const PAD_BLOCK = 32
const RANDOM_BYTES = 16
const LENGTH_BYTES = 4
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The 32-byte AES key from a 43-character EncodingAESKey. Lenient about the unused trailing bits of the
 * 43rd character (real keys have them set, e.g. the official `…ABCDEFG`); throws on length or charset.
 */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new WebhookRejection('not_configured', 'EncodingAESKey must be 43 characters of [A-Za-z0-9+/]')
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (key.length !== 32)
    throw new WebhookRejection('not_configured', 'EncodingAESKey must decode to 32 bytes')
  return key
}

/** Encrypts like WeChat: random(16) + msg_len(4, BE, UTF-8 bytes) + msg + appId, PKCS#7 to 32, base64. */
export function encryptMessage(plaintext: string, appId: string, aesKey: Buffer, random16?: Buffer): string {
  assertAesKey(aesKey)
  const random = random16 ?? randomBytes(RANDOM_BYTES)
  if (random.length !== RANDOM_BYTES) throw new RangeError('random16 must be exactly 16 bytes')
  const message = Buffer.from(plaintext, 'utf8')
  const length = Buffer.alloc(LENGTH_BYTES)
  length.writeUInt32BE(message.length)
  const body = Buffer.concat([random, length, message, Buffer.from(appId, 'utf8')])
  const padLength = PAD_BLOCK - (body.length % PAD_BLOCK)
  const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16))
  cipher.setAutoPadding(false)
  const padded = Buffer.concat([body, Buffer.alloc(padLength, padLength)])
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64')
}

/**
 * Decrypts an `Encrypt` value strictly: canonical base64, whole 32-byte blocks, a uniform pad in [1, 32]
 * and a msg_len inside the buffer. Strictness is what makes key rotation work: a wrong key yields garbage
 * that these checks catch, where a lenient decoder would return "valid" garbage.
 */
export function decryptMessage(encrypt: string, aesKey: Buffer): { message: string; receiveId: string } {
  assertAesKey(aesKey)
  if (encrypt.length === 0) throw new WebhookRejection('bad_length', 'Encrypt is empty')
  const ciphertext = decodeCanonicalBase64(encrypt)
  if (ciphertext.length % PAD_BLOCK !== 0) {
    throw new WebhookRejection(
      'bad_length',
      `ciphertext of ${ciphertext.length} bytes is not whole 32-byte blocks`,
    )
  }
  const decipher = createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16))
  decipher.setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  const body = padded.subarray(0, padded.length - padLengthOf(padded))
  if (body.length < RANDOM_BYTES + LENGTH_BYTES) {
    throw new WebhookRejection('bad_length', 'plaintext too short for random and msg_len')
  }
  const messageLength = body.readUInt32BE(RANDOM_BYTES)
  const messageEnd = RANDOM_BYTES + LENGTH_BYTES + messageLength
  if (messageEnd > body.length) {
    throw new WebhookRejection('bad_length', `msg_len ${messageLength} runs past the plaintext`)
  }
  return {
    message: utf8Of(body.subarray(RANDOM_BYTES + LENGTH_BYTES, messageEnd)),
    receiveId: utf8Of(body.subarray(messageEnd)),
  }
}

function assertAesKey(aesKey: Buffer): void {
  if (aesKey.length !== 32) throw new WebhookRejection('not_configured', 'AES key must be 32 bytes')
}

function decodeCanonicalBase64(text: string): Buffer {
  // Node's decoder skips junk and accepts base64url silently; re-encoding to standard base64 catches every
  // non-canonical form (other characters, `-` and `_`, stray bits, missing or extra `=`) in native code.
  const bytes = Buffer.from(text, 'base64')
  if (bytes.toString('base64') !== text) {
    throw new WebhookRejection('bad_base64', 'Encrypt is not canonical base64')
  }
  return bytes
}

function padLengthOf(padded: Buffer): number {
  const pad = padded[padded.length - 1] ?? 0
  if (pad < 1 || pad > PAD_BLOCK)
    throw new WebhookRejection('bad_padding', `pad byte ${pad} is outside 1..32`)
  for (let index = padded.length - pad; index < padded.length; index += 1) {
    if (padded[index] !== pad) throw new WebhookRejection('bad_padding', 'pad bytes are not uniform')
  }
  return pad
}

function utf8Of(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw new WebhookRejection('malformed_body', 'decrypted text is not UTF-8')
  }
}
