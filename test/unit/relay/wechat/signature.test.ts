import { createHash } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { isSameSignature, signatureOf } from '../../../../relay/wechat/signature.js'
import { MINI_PROGRAM, MINI_PROGRAM_PLAINTEXT, OPEN_PLATFORM, URL_VERIFY } from './official-vectors.js'

test('the official GET example: token AAAAA signs to f464b24f…', () => {
  const { token, timestamp, nonce, signature } = URL_VERIFY
  expect(signatureOf([token, timestamp, nonce])).toBe(signature)
  // Order of the inputs does not matter: the parts are sorted.
  expect(signatureOf([nonce, token, timestamp])).toBe(signature)
})

test('plaintext-mode POST signatures of the official docs', () => {
  const plain = MINI_PROGRAM_PLAINTEXT
  expect(signatureOf([plain.token, plain.timestamp, plain.nonce])).toBe(plain.signature)
  expect(signatureOf([OPEN_PLATFORM.token, OPEN_PLATFORM.timestamp, OPEN_PLATFORM.nonce])).toBe(
    OPEN_PLATFORM.signature,
  )
})

test('4-field msg_signature examples, including Encrypt starting with "+" (sorts first)', () => {
  const mini = MINI_PROGRAM
  expect(signatureOf([mini.token, mini.timestamp, mini.nonce, mini.encrypt])).toBe(mini.msgSignature)
  const open = OPEN_PLATFORM
  expect(signatureOf([open.token, open.timestamp, open.nonce, open.encrypt])).toBe(open.msgSignature)
  const reply = open.reply
  expect(signatureOf([open.token, String(reply.timestamp), reply.nonce, reply.encrypt])).toBe(
    reply.msgSignature,
  )
  expect(signatureOf([mini.token, String(mini.reply.timestamp), mini.reply.nonce, mini.reply.encrypt])).toBe(
    mini.reply.msgSignature,
  )
})

test('non-numeric parts are signed as the strings they are', () => {
  const expected = createHash('sha1').update('encryptnoncetimestamptoken').digest('hex')
  expect(signatureOf(['token', 'timestamp', 'nonce', 'encrypt'])).toBe(expected)
})

test('sorting is byte-wise UTF-8, not UTF-16 code units', () => {
  const fullwidth = '\uFF21' // EF BC A1 in UTF-8, but a high code unit in UTF-16
  const emoji = '\u{1F600}' // F0 9F 98 80 in UTF-8, surrogate D83D first in UTF-16
  const expected = createHash('sha1').update(`${fullwidth}${emoji}`, 'utf8').digest('hex')
  expect(signatureOf([emoji, fullwidth])).toBe(expected)
})

test('isSameSignature compares exactly', () => {
  expect(isSameSignature(URL_VERIFY.signature, URL_VERIFY.signature)).toBe(true)
  expect(isSameSignature(URL_VERIFY.signature, URL_VERIFY.signature.replace(/^f/, 'e'))).toBe(false)
  expect(isSameSignature(URL_VERIFY.signature, URL_VERIFY.signature.slice(1))).toBe(false)
  expect(isSameSignature('', URL_VERIFY.signature)).toBe(false)
})
