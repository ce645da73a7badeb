import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'

/** Where the simulated image CDN serves follower pictures, as WeChat's `mmbiz.qpic.cn/mmbiz_png/…`. */
export const SIMULATED_IMAGE_PATH = '/mmbiz_png/'

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1
  return value >>> 0
})

function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

/**
 * A real PNG (8-bit RGB) a follower "photographed": a two-colour gradient with a sun and a horizon,
 * its colours derived from `seed`, so different pictures look different and the same one is stable.
 */
export function simulatedPhotoOf(seed: string, width = 240, height = 160): Buffer {
  const digest = createHash('sha256').update(seed).digest()
  const sky = [digest[0]!, digest[1]!, 160 + (digest[2]! % 96)]
  const ground = [40 + (digest[3]! % 120), 110 + (digest[4]! % 120), 40 + (digest[5]! % 80)]
  const sunX = Math.round(width * (0.2 + (digest[6]! / 255) * 0.6))
  const sunY = Math.round(height * 0.3)
  const sunRadius = Math.round(height * 0.12)
  const horizon = Math.round(height * (0.55 + (digest[7]! / 255) * 0.2))
  const rows: Buffer[] = []
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x += 1) {
      const isSun = (x - sunX) ** 2 + (y - sunY) ** 2 <= sunRadius ** 2
      const shade = y / height
      const base = y >= horizon ? ground : sky
      const pixel = isSun ? [255, 214, 90] : base.map((value) => Math.round(value * (1 - shade * 0.35)))
      row.set(pixel, 1 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
