import type { Conversation } from '../../common/domain/conversation.js'
import type { Message } from '../../common/domain/message.js'
import { openRelayStore } from '../../relay/store/relay-store.js'
const [dir, countText, convText] = process.argv.slice(2)
const count = Number(countText), conversations = Number(convText)
const texts = ['你好，请问我的订单什么时候发货', '我要申请退款，商品有质量问题', 'Where is my order? It has not shipped yet', '可以帮我改一下收货地址吗', '发票怎么开，需要公司抬头']
const store = openRelayStore(dir!)
const start = Date.UTC(2026, 0, 1)
for (let done = 0; done < count; ) {
  store.transaction(() => {
    for (let n = 0; n < 10_000 && done < count; n += 1, done += 1) {
      const index = done
      const id = `oBench${String(index % conversations).padStart(22, '0')}`
      const message: Message = { id: `bench-${index}`, conversationId: id, direction: 'incoming', body: { type: 'text', text: `${texts[index % 5]} #${index % 997}` }, status: 'sent', createdAt: start + index * 1000, clientMessageId: null, senderUsername: null, isAutomatic: false, wechatMsgId: String(24_000_000_000_000_000n + BigInt(index)), failure: null }
      const conversation: Conversation = { id, remark: null, followState: 'subscribed', sourceScene: null, firstSeenAt: message.createdAt, lastMessage: { messageId: message.id, direction: 'incoming', text: 'x', createdAt: message.createdAt }, lastIncomingAt: message.createdAt, unreadCount: 1, windowHistory: { lastOpenedAt: { message: message.createdAt }, sendTimes: [], isUnsubscribed: false }, assignee: null, status: 'open', ticketNumber: 1, tagIds: [], notes: '', version: Math.floor(index / conversations) + 1, updatedAt: message.createdAt }
      store.conversations.save(conversation)
      store.messages.insert(message)
      store.events.append({ at: message.createdAt, type: 'message.created', message, conversation })
    }
  })
}
store.close()
