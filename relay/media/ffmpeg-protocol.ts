/**
 * One FFmpeg run in the worker. In the arguments `{in}` stands for the input file's path (when there is
 * one) and `{out}` for the outputs' stem; each output suffix is appended to the stem and read back.
 */
export interface FfmpegJob {
  readonly id: number
  readonly input: Uint8Array | null
  readonly args: readonly string[]
  /** Suffixes of the output files to read back (`.mp3`, `.jpg`). */
  readonly outputs: readonly string[]
  readonly timeoutMs: number
}

/** What a run gave: FFmpeg's exit code, its log (durations and sizes are read from it), each output or null. */
export interface FfmpegOutcome {
  readonly id: number
  readonly code: number
  readonly log: string
  readonly outputs: readonly (Uint8Array | null)[]
}
