import { expect, test } from '@playwright/test'
import { Encoder, PacketType, type Packet } from 'socket.io-parser'
import { createEventPacketParser } from '../../../../relay/hub/event-packet-parser.js'

const event = {
  type: 'message.created',
  at: 1,
  message: { id: 'm1', body: { text: '你好 "quoted" \\ \u2028' } },
  seq: 7,
}
const known = new Map<unknown, string>([[event, JSON.stringify(event)]])
const { Encoder: KnownJsonEncoder, Decoder } = createEventPacketParser((value) => known.get(value))

function bothEncodings(packet: Packet): { readonly ours: unknown[]; readonly standard: unknown[] } {
  return { ours: new KnownJsonEncoder().encode(packet), standard: new Encoder().encode(packet) }
}

test('an event whose JSON is known goes out byte for byte as the default encoder writes it', () => {
  const { ours, standard } = bothEncodings({
    type: PacketType.EVENT,
    nsp: '/',
    data: ['event:appended', event],
  })
  expect(ours).toEqual(standard)
  expect(ours).toEqual([`2["event:appended",${JSON.stringify(event)}]`])
})

test('a list of events whose JSON is known is framed around those strings, as the default encoder writes it', () => {
  const second = { type: 'x', seq: 8 }
  const parser = createEventPacketParser((value) =>
    value === event ? JSON.stringify(event) : value === second ? '{"type":"from the log"}' : undefined,
  )
  const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: ['events:appended', [event, second]] }
  expect(new parser.Encoder().encode(packet)).toEqual([
    `2["events:appended",[${JSON.stringify(event)},{"type":"from the log"}]]`,
  ])
  // One value not from the log, or an empty list: the default encoder writes the whole packet.
  for (const list of [[event, { ...second }], []]) {
    const fallback: Packet = { type: PacketType.EVENT, nsp: '/', data: ['events:appended', list] }
    expect(new parser.Encoder().encode(fallback)).toEqual(new Encoder().encode(fallback))
  }
})

test('the known JSON is really what is sent, not a fresh serialisation', () => {
  const marked = { type: 'x' }
  const parser = createEventPacketParser((value) =>
    value === marked ? '{"type":"from the log"}' : undefined,
  )
  const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: ['event:appended', marked] }
  expect(new parser.Encoder().encode(packet)).toEqual(['2["event:appended",{"type":"from the log"}]'])
})

test('everything else is left to the default encoder: other values, acks, namespaces, binary', () => {
  const packets: Packet[] = [
    { type: PacketType.EVENT, nsp: '/', data: ['event:appended', { ...event }] },
    { type: PacketType.EVENT, nsp: '/', data: ['events:replayed', [event]] },
    { type: PacketType.EVENT, nsp: '/', id: 3, data: ['event:appended', event] },
    { type: PacketType.EVENT, nsp: '/admin', data: ['event:appended', event] },
    { type: PacketType.EVENT, nsp: '/', data: ['event:appended', event, 'more'] },
    { type: PacketType.ACK, nsp: '/', id: 4, data: [event] },
    { type: PacketType.EVENT, nsp: '/', data: ['file', Buffer.from('abc')] },
    { type: PacketType.CONNECT, nsp: '/', data: { sid: 'a' } },
  ]
  for (const packet of packets) {
    const { ours, standard } = bothEncodings(packet)
    expect(ours).toEqual(standard)
  }
})

test('what the encoder writes decodes back to the event', () => {
  const [encoded] = new KnownJsonEncoder().encode({
    type: PacketType.EVENT,
    nsp: '/',
    data: ['event:appended', event],
  })
  const decoder = new Decoder()
  let decoded: Packet | undefined
  decoder.on('decoded', (packet: Packet) => (decoded = packet))
  decoder.add(encoded as string)
  expect(decoded?.data).toEqual(['event:appended', event])
})
