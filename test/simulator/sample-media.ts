import { createHash } from 'node:crypto'
import { createFfmpegRunner, type FfmpegRunner } from '../../relay/media/ffmpeg-runner.js'

/**
 * The files a simulated follower sends, made here rather than downloaded: a voice note as AMR-NB frames
 * built byte by byte (FFmpeg has no AMR encoder), a video and an MP3 encoded by the same FFmpeg the relay
 * decodes with (x264, AAC, LAME), each cached per process.
 */

/** AMR-NB 12.2 kbit/s: one 32-byte frame (header 0x3C and 244 bits of speech) per 20 ms. */
const AMR_FRAME_BYTES = 32
const AMR_FRAMES_PER_SECOND = 50

/** A real AMR-NB file of `seconds` (the frames' bits derived from `seed`): FFmpeg decodes it to audio of that length. */
export function sampleVoiceOf(seconds: number, seed = 'voice'): Buffer {
  const frames = Math.round(seconds * AMR_FRAMES_PER_SECOND)
  const bits = createHash('sha256').update(seed).digest()
  const file = Buffer.alloc(6 + frames * AMR_FRAME_BYTES)
  file.write('#!AMR\n', 0, 'latin1')
  for (let frame = 0; frame < frames; frame += 1) {
    const at = 6 + frame * AMR_FRAME_BYTES
    file[at] = 0x3c
    for (let index = 1; index < AMR_FRAME_BYTES; index += 1)
      file[at + index] = bits[(frame + index) % bits.length]! ^ (frame * 31 + index * 7)
  }
  return file
}

let ffmpeg: FfmpegRunner | null = null
const made = new Map<string, Promise<Buffer>>()

function encoded(key: string, args: readonly string[], suffix: string): Promise<Buffer> {
  const known = made.get(key)
  if (known !== undefined) return known
  ffmpeg ??= createFfmpegRunner()
  const making = ffmpeg.run({ input: null, args, outputs: [suffix], timeoutMs: 60_000 }).then((outcome) => {
    const data = outcome?.outputs[0]
    if (outcome?.code !== 0 || data === null || data === undefined)
      throw new Error(`could not encode ${key}: ${outcome?.log.slice(-400)}`)
    return Buffer.from(data)
  })
  made.set(key, making)
  return making
}

/** An H.264/AAC MP4 of `seconds` (a test card and a tone), 160×120, playable by Chromium. */
export function sampleVideoOf(seconds = 2): Promise<Buffer> {
  return encoded(
    `video-${seconds}`,
    [
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=160x120:rate=10:duration=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}`,
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-profile:v',
      'baseline',
      '-c:a',
      'aac',
      '-b:a',
      '48k',
      '-shortest',
      '-movflags',
      '+faststart',
      '{out}.mp4',
    ],
    '.mp4',
  )
}

/** An MP3 tone of `seconds`: a voice file an agent sends. */
export function sampleMp3Of(seconds = 2): Promise<Buffer> {
  return encoded(
    `mp3-${seconds}`,
    [
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=330:duration=${seconds}`,
      '-ac',
      '1',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '32k',
      '{out}.mp3',
    ],
    '.mp3',
  )
}

/** A JPEG of a test card, `width`×`height`: a video thumbnail or a picture an agent sends. */
export function sampleJpegOf(width = 160, height = 120): Promise<Buffer> {
  return encoded(
    `jpeg-${width}x${height}`,
    [
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=${width}x${height}:rate=1:duration=1`,
      '-frames:v',
      '1',
      '-q:v',
      '6',
      '{out}.jpg',
    ],
    '.jpg',
  )
}

/** Stops the encoder's worker (it is unreferenced anyway, so a test process exits without this). */
export async function closeSampleMedia(): Promise<void> {
  await ffmpeg?.close()
  ffmpeg = null
}
