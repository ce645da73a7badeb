/** Media types by the file's first bytes: what WeChat's `Content-Type` says is not always what it is. */
const signatures: readonly {
  readonly contentType: string
  readonly matches: (data: Uint8Array) => boolean
}[] = [
  { contentType: 'image/jpeg', matches: (data) => data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff },
  { contentType: 'image/png', matches: (data) => ascii(data, 1, 4) === 'PNG' && data[0] === 0x89 },
  { contentType: 'image/gif', matches: (data) => ascii(data, 0, 4) === 'GIF8' },
  {
    contentType: 'image/webp',
    matches: (data) => ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP',
  },
  { contentType: 'audio/amr', matches: (data) => ascii(data, 0, 6) === '#!AMR\n' },
  { contentType: 'audio/amr-wb', matches: (data) => ascii(data, 0, 9) === '#!AMR-WB\n' },
  { contentType: 'audio/ogg', matches: (data) => ascii(data, 0, 4) === 'OggS' },
  { contentType: 'audio/speex', matches: (data) => ascii(data, 0, 8) === 'Speex   ' },
  {
    contentType: 'audio/mpeg',
    matches: (data) => ascii(data, 0, 3) === 'ID3' || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0),
  },
  { contentType: 'video/mp4', matches: (data) => ascii(data, 4, 8) === 'ftyp' },
]

function ascii(data: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...data.subarray(from, to))
}

/** The file's type by its bytes, else the declared one, else a plain byte stream. */
export function contentTypeOf(data: Uint8Array, declared = ''): string {
  const sniffed = signatures.find((signature) => signature.matches(data))
  if (sniffed !== undefined) return sniffed.contentType
  return /^[a-z]+\/[a-z0-9.+-]+$/.test(declared) ? declared : 'application/octet-stream'
}
