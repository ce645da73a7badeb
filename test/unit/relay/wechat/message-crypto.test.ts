import { createDecipheriv } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { aesKeyOf, decryptMessage, encryptMessage } from '../../../../relay/wechat/message-crypto.js'
import { WebhookRejection, type WebhookRejectionReason } from '../../../../relay/wechat/webhook-rejection.js'
import {
  MINI_PROGRAM,
  OPEN_PLATFORM,
  SAMPLE,
  ZERO_KEY,
  encryptRawBlocks,
  frameOf,
} from './official-vectors.js'

const sampleKey = aesKeyOf(SAMPLE.encodingAesKey)
const zeroKey = aesKeyOf(ZERO_KEY)

function rejectionOf(action: () => unknown): WebhookRejectionReason | 'no rejection' {
  try {
    action()
  } catch (error) {
    if (error instanceof WebhookRejection) return error.reason
    throw error
  }
  return 'no rejection'
}

/** The raw padded plaintext, to see what the encoder laid out. */
function decryptRaw(encrypt: string, aesKey: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16))
  decipher.setAutoPadding(false)
  return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()])
}

test('aesKeyOf accepts the official key whose last character has trailing bits set', () => {
  expect(sampleKey.length).toBe(32)
  expect(sampleKey.subarray(0, 3).toString('hex')).toBe('69b71d')
  expect(zeroKey.equals(Buffer.alloc(32))).toBe(true)
})

test('aesKeyOf refuses wrong lengths and characters', () => {
  expect(rejectionOf(() => aesKeyOf('abcde'))).toBe('not_configured')
  expect(rejectionOf(() => aesKeyOf(`${ZERO_KEY}A`))).toBe('not_configured')
  expect(rejectionOf(() => aesKeyOf(`${'A'.repeat(42)}-`))).toBe('not_configured')
  expect(rejectionOf(() => aesKeyOf(`${'A'.repeat(42)}=`))).toBe('not_configured')
})

test('vector 1: the official Python sample decrypts to its plaintext and AppID', () => {
  const { message, receiveId } = decryptMessage(SAMPLE.encrypt, sampleKey)
  expect(message).toBe(SAMPLE.plaintextXml)
  expect(receiveId).toBe(SAMPLE.appId)
  const raw = decryptRaw(SAMPLE.encrypt, sampleKey)
  expect(raw.subarray(0, 16).toString('latin1')).toBe('89465c840c5f116f')
  expect(raw[raw.length - 1]).toBe(2)
})

test('open-platform vector: msg_len 292 → FullStr 330 → ciphertext 352', () => {
  const { message, receiveId } = decryptMessage(OPEN_PLATFORM.encrypt, zeroKey)
  expect(message).toBe(OPEN_PLATFORM.plaintextXml)
  expect(Buffer.byteLength(message)).toBe(292)
  expect(receiveId).toBe(OPEN_PLATFORM.appId)
  expect(Buffer.from(OPEN_PLATFORM.encrypt, 'base64').length).toBe(352)
})

test('mini-program JSON vector decrypts (msg_len 167, ciphertext 224)', () => {
  const { message, receiveId } = decryptMessage(MINI_PROGRAM.encrypt, zeroKey)
  expect(message).toBe(MINI_PROGRAM.plaintextJson)
  expect(Buffer.byteLength(message)).toBe(167)
  expect(receiveId).toBe(MINI_PROGRAM.appId)
})

test('deterministic encryption reproduces the official reply ciphertexts byte for byte', () => {
  const open = OPEN_PLATFORM.reply
  expect(encryptMessage(open.plaintext, OPEN_PLATFORM.appId, zeroKey, Buffer.from(open.random16))).toBe(
    open.encrypt,
  )
  const mini = MINI_PROGRAM.reply
  const encrypt = encryptMessage(mini.plaintext, MINI_PROGRAM.appId, zeroKey, Buffer.from(mini.random16))
  expect(encrypt).toBe(mini.encrypt)
  // FullStr 63 bytes → one pad byte of value 1.
  const raw = decryptRaw(encrypt, zeroKey)
  expect(raw.length).toBe(64)
  expect(raw[63]).toBe(1)
  expect(decryptMessage(encrypt, zeroKey)).toEqual({ message: mini.plaintext, receiveId: MINI_PROGRAM.appId })
})

test('pad = 32: a FullStr already a multiple of 32 gets a whole extra block of 0x20', () => {
  const appId = 'wx1234567890abcdef' // 18 bytes: 16 + 4 + 26 + 18 = 64
  const message = 'x'.repeat(26)
  const encrypt = encryptMessage(message, appId, sampleKey)
  const raw = decryptRaw(encrypt, sampleKey)
  expect(raw.length).toBe(96)
  expect(raw.subarray(64).equals(Buffer.alloc(32, 32))).toBe(true)
  expect(decryptMessage(encrypt, sampleKey)).toEqual({ message, receiveId: appId })
})

test('pad = 1 round trip', () => {
  const appId = SAMPLE.appId // 18 bytes: 16 + 4 + 25 + 18 = 63
  const message = 'y'.repeat(25)
  const encrypt = encryptMessage(message, appId, sampleKey)
  const raw = decryptRaw(encrypt, sampleKey)
  expect(raw.length).toBe(64)
  expect(raw[63]).toBe(1)
  expect(decryptMessage(encrypt, sampleKey)).toEqual({ message, receiveId: appId })
})

test('Chinese text: msg_len counts UTF-8 bytes, big-endian', () => {
  const message = '<xml><Content><![CDATA[你好，客服 😀]]></Content></xml>'
  const encrypt = encryptMessage(message, SAMPLE.appId, sampleKey)
  const raw = decryptRaw(encrypt, sampleKey)
  expect(raw.readUInt32BE(16)).toBe(Buffer.byteLength(message, 'utf8'))
  expect(raw.readUInt32BE(16)).not.toBe(message.length)
  expect(decryptMessage(encrypt, sampleKey).message).toBe(message)
})

test('random16 must be 16 bytes and differs per call by default', () => {
  expect(() => encryptMessage('a', 'b', sampleKey, Buffer.alloc(15))).toThrow(RangeError)
  expect(encryptMessage('same', SAMPLE.appId, sampleKey)).not.toBe(
    encryptMessage('same', SAMPLE.appId, sampleKey),
  )
})

test('bad pad bytes are refused: 0, 33 and non-uniform', () => {
  const frame = frameOf('hello', SAMPLE.appId) // 16 + 4 + 5 + 18 = 43 → 21 bytes to 64
  const withPad = (pad: Buffer): string => encryptRawBlocks(Buffer.concat([frame, pad]), sampleKey)
  expect(rejectionOf(() => decryptMessage(withPad(Buffer.alloc(21, 21)), sampleKey))).toBe('no rejection')
  expect(rejectionOf(() => decryptMessage(withPad(Buffer.alloc(21, 0)), sampleKey))).toBe('bad_padding')
  expect(rejectionOf(() => decryptMessage(withPad(Buffer.alloc(21, 33)), sampleKey))).toBe('bad_padding')
  const uneven = Buffer.alloc(21, 21)
  uneven[3] = 20
  expect(rejectionOf(() => decryptMessage(withPad(uneven), sampleKey))).toBe('bad_padding')
})

test('a msg_len beyond the buffer is refused', () => {
  const frame = frameOf('hello', SAMPLE.appId, 1000)
  const encrypt = encryptRawBlocks(Buffer.concat([frame, Buffer.alloc(21, 21)]), sampleKey)
  expect(rejectionOf(() => decryptMessage(encrypt, sampleKey))).toBe('bad_length')
})

test('lengths: empty, truncated, not whole 32-byte blocks', () => {
  const bytes = Buffer.from(SAMPLE.encrypt, 'base64')
  expect(rejectionOf(() => decryptMessage('', sampleKey))).toBe('bad_length')
  expect(rejectionOf(() => decryptMessage(bytes.subarray(0, 16).toString('base64'), sampleKey))).toBe(
    'bad_length',
  )
  expect(rejectionOf(() => decryptMessage(bytes.subarray(0, 33).toString('base64'), sampleKey))).toBe(
    'bad_length',
  )
  // Whole blocks but cut short: the tail is no longer the pad it claims to be (or lies about msg_len).
  const truncated = bytes.subarray(0, bytes.length - 32).toString('base64')
  expect(['bad_padding', 'bad_length']).toContain(rejectionOf(() => decryptMessage(truncated, sampleKey)))
})

test('non-canonical base64 is refused', () => {
  expect(rejectionOf(() => decryptMessage('@@@@', sampleKey))).toBe('bad_base64')
  expect(
    rejectionOf(() =>
      decryptMessage(`${SAMPLE.encrypt.slice(0, 40)}\n${SAMPLE.encrypt.slice(40)}`, sampleKey),
    ),
  ).toBe('bad_base64')
  expect(rejectionOf(() => decryptMessage(SAMPLE.encrypt.replace(/=$/, ''), sampleKey))).toBe('bad_base64')
  expect(rejectionOf(() => decryptMessage(SAMPLE.encrypt.replaceAll('+', '-'), sampleKey))).toBe('bad_base64')
  // Trailing bits set in the last character: decodes, but is not what an encoder writes.
  expect(rejectionOf(() => decryptMessage(SAMPLE.encrypt.replace(/E=$/, 'F='), sampleKey))).toBe('bad_base64')
})

test('a wrong key yields a rejection, not garbage', () => {
  const reason = rejectionOf(() => decryptMessage(SAMPLE.encrypt, zeroKey))
  expect(['bad_padding', 'bad_length', 'malformed_body']).toContain(reason)
})
