import { DEFAULT_REPLY_WINDOW_CONFIG, type ReplyWindowConfig } from '../../../common/domain/reply-window.js'
import { useAppStore } from '../store/store-context.js'

/**
 * The reply window the relay enforces in `accountKey`'s conversations, as the desktop last heard it:
 * countdowns and "messages left" use the account's quotas, else the relay's (`RELAY_WINDOW_*_QUOTA`),
 * WeChat's table only until a relay has named one.
 */
export function useReplyWindowConfig(accountKey: string): ReplyWindowConfig {
  return useAppStore(
    (state) =>
      state.session.accounts?.find((account) => account.key === accountKey)?.replyWindow ??
      state.session.replyWindow ??
      DEFAULT_REPLY_WINDOW_CONFIG,
  )
}
