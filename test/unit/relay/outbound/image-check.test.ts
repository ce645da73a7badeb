import { expect, test } from '@playwright/test'
import { checkImage, fileNameOf } from '../../../../relay/outbound/image-check.js'

test('images are sniffed by their bytes and held to the size limit', () => {
  expect(checkImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toEqual({
    ok: true,
    mimeType: 'image/jpeg',
  })
  expect(checkImage(Buffer.from('GIF89a....'))).toEqual({ ok: true, mimeType: 'image/gif' })
  expect(checkImage(Buffer.from('<svg/>'))).toMatchObject({
    ok: false,
    failure: { code: 'unsupported_media_type' },
  })
  expect(checkImage(Buffer.alloc(0))).toMatchObject({ ok: false, failure: { code: 'invalid' } })
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100)])
  expect(checkImage(big, 50)).toMatchObject({ ok: false, failure: { code: 'payload_too_large' } })
})

test('file names keep their last path segment without quotes or control characters, else one of the type', () => {
  expect(fileNameOf('C:\\Users\\ann\\价目表 "2024".png', 'image/png')).toBe('价目表 2024.png')
  expect(fileNameOf('../../etc/qr\u0000\n.gif', 'image/gif')).toBe('qr.gif')
  expect(fileNameOf('photos/', 'image/jpeg')).toBe('image.jpg')
  expect(fileNameOf('', 'image/png')).toBe('image.png')
  expect(fileNameOf('x'.repeat(300), 'image/png')).toHaveLength(128)
})
