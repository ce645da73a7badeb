import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { openReplica } from './main/core/replica/open-replica.js'
import { createReplicaStore } from './main/core/replica/replica-store.js'
const conv = (id: string, v: number) => ({ id, remark: null, followState: 'subscribed', sourceScene: null, firstSeenAt: 1, lastMessage: { messageId: 'x', direction: 'incoming', text: 'hello', createdAt: 1 }, lastIncomingAt: 1, unreadCount: 0, windowHistory: { lastOpenedAt: { message: 1 }, sendTimes: [], isUnsubscribed: false }, assignee: null, status: 'open', ticketNumber: 1, tagIds: [], notes: '', version: v, updatedAt: 1 })
const events = Array.from({ length: 40000 }, (_, i) => ({ seq: i + 1, at: 1, type: 'message.created', conversation: conv('oBench' + String(i % 20000).padStart(22, '0'), i), message: { id: 'bench-' + i, conversationId: 'c' + (i % 20000), direction: 'incoming', body: { type: 'text', text: '你好，请问我的订单什么时候发货 #' + i }, status: 'sent', createdAt: 1000 + i, clientMessageId: null, senderUsername: null, isAutomatic: false, wechatMsgId: '123', failure: null } })) as any[]
const db = openReplica(join(mkdtempSync(join(tmpdir(), 'p-')), 'r.sqlite'))
const store = createReplicaStore(db)
const t = performance.now()
for (let i = 0; i < events.length; i += 500) store.applyEvents(events.slice(i, i + 500), 'me')
console.log((performance.now() - t).toFixed(0), 'ms for', events.length)
