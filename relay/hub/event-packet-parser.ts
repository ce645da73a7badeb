import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser'

/** The JSON of a value when it is already known (byte for byte what JSON.stringify would write), else undefined. */
export type KnownJson = (value: unknown) => string | undefined

/**
 * socket.io's default parser, except that an event whose one argument's JSON is already known (the
 * event log wrote it moments ago), or whose one argument is a list of such values, is framed around
 * those strings instead of being serialised and walked for binary again. The wire format is unchanged:
 * `2["name",{…}]` or `2["name",[{…},{…}]]`, as the default encoder writes them.
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
        const json = Array.isArray(data[1]) ? knownListJson(data[1]) : knownJson(data[1])
        if (json !== undefined) return [`${PacketType.EVENT}[${JSON.stringify(data[0])},${json}]`]
      }
      return super.encode(packet)
    }
  }
  function knownListJson(values: readonly unknown[]): string | undefined {
    if (values.length === 0) return undefined
    const parts: string[] = []
    for (const value of values) {
      const json = knownJson(value)
      if (json === undefined) return undefined
      parts.push(json)
    }
    return `[${parts.join(',')}]`
  }
  return { protocol, Encoder: KnownJsonEncoder, Decoder }
}
