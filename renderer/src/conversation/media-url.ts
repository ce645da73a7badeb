import type { MediaRole } from '../../../common/domain/media.js'

/**
 * Where the page loads a message's media: a path of its own origin, answered by the desktop core from its
 * cache or the relay (the browser shell's route and Electron's app protocol alike), never WeChat's servers.
 */
export function mediaUrlOf(messageId: string, role: MediaRole): string {
  return `/kefu-media/${encodeURIComponent(messageId)}/${role}`
}
