import { createFfmpegRunner, type FfmpegRunner } from './ffmpeg-runner.js'

/** What the relay derives from a file, off its event loop. Every method answers null when FFmpeg cannot read the file. */
export interface MediaTranscoder {
  /** A voice note (AMR, Speex) as MP3, which every browser plays, and its length. */
  playableAudio(data: Uint8Array): Promise<{ readonly data: Uint8Array; readonly durationMs: number } | null>
  /**
   * A JPEG at most `widthPx` (default 320) wide of a picture or of a video's first frame, and the
   * source's own size; `quality` is FFmpeg's JPEG scale (2 best, 31 worst; default 5).
   */
  pictureThumbnail(
    data: Uint8Array,
    options?: { readonly widthPx?: number; readonly quality?: number },
  ): Promise<{ readonly data: Uint8Array; readonly width: number; readonly height: number } | null>
  /** A video's length and frame size. */
  videoFacts(data: Uint8Array): Promise<{
    readonly durationMs: number | null
    readonly width: number | null
    readonly height: number | null
  } | null>
  close(): Promise<void>
}

/**
 * The relay's one FFmpeg (relay/media/ffmpeg-runner.ts: WebAssembly, with the decoders of AMR-NB/WB and
 * Speex and the MP3 and JPEG encoders) turning a follower's files into what the console shows.
 */
export function createMediaTranscoder(ffmpeg: FfmpegRunner = createFfmpegRunner()): MediaTranscoder {
  const run = (input: Uint8Array, args: readonly string[], outputs: readonly string[]) =>
    ffmpeg.run({ input, args: ['-i', '{in}', ...args], outputs })
  return {
    async playableAudio(data) {
      const outcome = await run(
        data,
        ['-vn', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '32k', '{out}.mp3'],
        ['.mp3'],
      )
      const audio = outcome?.outputs[0]
      if (
        outcome === null ||
        outcome.code !== 0 ||
        audio === null ||
        audio === undefined ||
        audio.length === 0
      )
        return null
      const durationMs = lastProgressTimeMs(outcome.log) ?? inputDurationMs(outcome.log)
      return durationMs === null ? null : { data: audio, durationMs }
    },
    async pictureThumbnail(data, options = {}) {
      const width = options.widthPx ?? 320
      const outcome = await run(
        data,
        [
          '-frames:v',
          '1',
          '-vf',
          `scale='min(${width},iw)':-2`,
          '-q:v',
          String(options.quality ?? 5),
          '{out}.jpg',
        ],
        ['.jpg'],
      )
      const thumbnail = outcome?.outputs[0]
      const size = outcome === null ? null : frameSizeOf(outcome.log)
      if (outcome?.code !== 0 || thumbnail === null || thumbnail === undefined || size === null) return null
      return { data: thumbnail, ...size }
    },
    async videoFacts(data) {
      const outcome = await run(data, ['-frames:v', '1', '-f', 'null', '-'], [])
      if (outcome === null) return null
      const size = frameSizeOf(outcome.log)
      const durationMs = inputDurationMs(outcome.log)
      if (size === null && durationMs === null) return null
      return { durationMs, width: size?.width ?? null, height: size?.height ?? null }
    },
    close: () => ffmpeg.close(),
  }
}

function millisecondsOf(hours: string, minutes: string, seconds: string): number {
  return Math.round((Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000)
}

/** The input's length as FFmpeg reports it (`Duration: 00:00:01.03`). */
function inputDurationMs(log: string): number | null {
  const match = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(log)
  return match === null ? null : millisecondsOf(match[1]!, match[2]!, match[3]!)
}

/** The length actually written (the last progress line's `time=`), truer than an estimate from the bitrate. */
function lastProgressTimeMs(log: string): number | null {
  const matches = [...log.matchAll(/time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g)]
  const last = matches.at(-1)
  return last === undefined ? null : millisecondsOf(last[1]!, last[2]!, last[3]!)
}

/** The input's frame size (`Stream #0:0: Video: png, rgb24(pc), 240x160`). */
function frameSizeOf(log: string): { width: number; height: number } | null {
  const match = /Stream #0:\d+[^\n]*: Video: [^\n]*?(\d{2,5})x(\d{2,5})/.exec(log)
  return match === null ? null : { width: Number(match[1]), height: Number(match[2]) }
}
