import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser'

/** The JSON of a value when it is already known (byte for byte what JSON.stringify would write), else undefined. */
export type KnownJson = (value: unknown) => string | undefined

/**
 * socket.io's default parser, except that an event whose one argument's JSON is already known (the
 * event log wrote it moments ago) is framed around that string instead of being serialised and walked
 * for binary again. The wire format is unchanged: `2["name",{…}]`, as the default encoder writes it.
 */
export function createEventPacketParser(knownJson: KnownJson): {
  readonly protocol: number
  readonly Encoder: typeof Encoder
  readonly Decoder: typeof Decoder
} {
  class KnownJsonEncoder extends Encoder {
    override encode(packet: Packet): unknown[] {
      const data: unknown = packet.data
      if (
        packet.type === PacketType.EVENT &&
        (packet.nsp === '/' || packet.nsp === undefined) &&
        packet.id === undefined &&
        Array.isArray(data) &&
        data.length === 2 &&
        typeof data[0] === 'string'
      ) {
        const json = knownJson(data[1])
        if (json !== undefined) return [`${PacketType.EVENT}[${JSON.stringify(data[0])},${json}]`]
      }
      return super.encode(packet)
    }
  }
  return { protocol, Encoder: KnownJsonEncoder, Decoder }
}
