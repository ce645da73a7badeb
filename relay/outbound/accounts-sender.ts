import { conversationKeyOf } from '../../common/domain/account.js'
import type { SendFailure } from '../../common/domain/message.js'
import type { AccountConfig } from '../accounts/account-config.js'
import type { WeChatSender } from './wechat-sender.js'

/** An account the relay does not know (a conversation kept from one since removed, say). */
function unknownAccount(accountKey: string): { readonly ok: false; readonly failure: SendFailure } {
  return {
    ok: false,
    failure: {
      code: 'not_configured',
      message: `The official account "${accountKey}" is not configured on this relay.`,
      isRetryable: false,
    },
  }
}

/**
 * The relay's one sender over every account's: a message goes out with the access token of the account
 * its conversation belongs to, never another's (a token of account B would send as B, or be refused).
 */
export function createAccountsSender(
  accountOf: (key: string) => AccountConfig | undefined,
  senderOf: (account: AccountConfig) => WeChatSender,
): WeChatSender {
  // One sender per account object: an admin's change hands out a new one, with its own token service.
  const built = new WeakMap<AccountConfig, WeChatSender>()
  const senderFor = (accountKey: string): WeChatSender | undefined => {
    const account = accountOf(accountKey)
    if (account === undefined) return undefined
    const sender = built.get(account) ?? senderOf(account)
    built.set(account, sender)
    return sender
  }
  return {
    deliver: async (message, options) => {
      const { accountKey } = conversationKeyOf(message.conversationId)
      return (await senderFor(accountKey)?.deliver(message, options)) ?? unknownAccount(accountKey)
    },
    typing: async (conversationId, isTyping) => {
      const { accountKey } = conversationKeyOf(conversationId)
      return (await senderFor(accountKey)?.typing(conversationId, isTyping)) ?? unknownAccount(accountKey)
    },
    userInfo: async (conversationId) => {
      const { accountKey } = conversationKeyOf(conversationId)
      return (await senderFor(accountKey)?.userInfo(conversationId)) ?? unknownAccount(accountKey)
    },
    uploadMedia: async (accountKey, type, file) =>
      (await senderFor(accountKey)?.uploadMedia(accountKey, type, file)) ?? unknownAccount(accountKey),
    downloadMedia: async (accountKey, mediaId) =>
      (await senderFor(accountKey)?.downloadMedia(accountKey, mediaId)) ?? unknownAccount(accountKey),
    callAccountApi: async (accountKey, request) =>
      (await senderFor(accountKey)?.callAccountApi(accountKey, request)) ?? unknownAccount(accountKey),
  }
}
