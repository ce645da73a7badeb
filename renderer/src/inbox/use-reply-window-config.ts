import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../../common/domain/reply-window.js'
import { useAppStore } from '../store/store-context.js'

/**
 * The reply window the relay enforces, as the desktop last heard it: countdowns and "messages left"
 * use the relay's quotas (`RELAY_WINDOW_*_QUOTA`), WeChat's table only until a relay has named one.
 */
export function useReplyWindowConfig(): ReplyWindowConfig {
  return useAppStore((state) => state.session.replyWindow) ?? DEFAULT_REPLY_WINDOW_CONFIG
}
