import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * The simulator's own implementation of WeChat's push signing and WXBizMsgCrypt encryption
 * (reference §1.4–1.6), kept apart from the relay's so the two check each other.
 */

/** `sha1(sort(parts).join(''))`, lowercase hex; sort by code unit, never by locale. */
export function pushSignatureOf(parts: readonly string[]): string {
  const sorted = [...parts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return createHash('sha1').update(sorted.join('')).digest('hex')
}

const keyOf = (encodingAesKey: string): Buffer => {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32)
    throw new Error('EncodingAESKey must be 43 characters')
  return key
}

/** Encrypts a push the way WeChat does: random16 + BE length + msg + appId, PKCS#7 to 32, AES-256-CBC. */
export function encryptPush(plaintext: string, appId: string, encodingAesKey: string): string {
  const key = keyOf(encodingAesKey)
  const message = Buffer.from(plaintext, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(message.length)
  const full = Buffer.concat([randomBytes(16), length, message, Buffer.from(appId, 'utf8')])
  const padLength = 32 - (full.length % 32)
  const padded = Buffer.concat([full, Buffer.alloc(padLength, padLength)])
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64')
}

/** Decrypts an encrypted passive reply, strictly: bad padding, length or appId throw. */
export function decryptPush(encrypted: string, appId: string, encodingAesKey: string): string {
  const key = keyOf(encodingAesKey)
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()])
  const padLength = padded[padded.length - 1] ?? 0
  if (padLength < 1 || padLength > 32) throw new Error('bad padding')
  const full = padded.subarray(0, padded.length - padLength)
  const length = full.readUInt32BE(16)
  if (20 + length > full.length) throw new Error('bad length')
  const receiveId = full.subarray(20 + length).toString('utf8')
  if (receiveId !== appId) throw new Error(`reply encrypted for ${receiveId}, not ${appId}`)
  return full.subarray(20, 20 + length).toString('utf8')
}
