import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { SIMULATED_IMAGE_PATH, simulatedPhotoOf } from '../../simulator/simulator-images.js'
import { startWeChatSimulator } from '../../simulator/wechat-simulator.js'

test('a simulated photo is a real PNG: signature, header, and pixel rows that inflate to its size', () => {
  const png = simulatedPhotoOf('seed', 24, 16)
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([24, 16])
  const dataAt = png.indexOf('IDAT')
  const length = png.readUInt32BE(dataAt - 4)
  expect(inflateSync(png.subarray(dataAt + 4, dataAt + 4 + length)).length).toBe(16 * (1 + 24 * 3))
  expect(simulatedPhotoOf('seed', 24, 16)).toEqual(png)
  expect(simulatedPhotoOf('other', 24, 16)).not.toEqual(png)
})

test('the simulator is the image CDN: a follower picture’s PicUrl serves a PNG and is not an API call', async () => {
  const simulator = await startWeChatSimulator()
  try {
    const picUrls: string[] = []
    // A stand-in webhook that reads the PicUrl of the push it receives.
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      request.on('end', () => {
        picUrls.push(/<PicUrl>(?:<!\[CDATA\[)?([^<\]]+)/.exec(body)?.[1] ?? '')
        response.end('success')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    simulator.setRelayUrl(`http://127.0.0.1:${port}/wechat`)
    expect((await simulator.follower().sendImage()).status).toBe(200)
    server.close()
    const picUrl = picUrls[0] ?? ''
    expect(picUrl.startsWith(`${simulator.apiBase}${SIMULATED_IMAGE_PATH}`)).toBe(true)
    const response = await fetch(picUrl)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG')
    expect(simulator.calls).toHaveLength(0)
  } finally {
    await simulator.close()
  }
})
