import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openReplica } from '../../main/core/replica/open-replica.js'
import { messageSchema } from '../../main/core/sync/relay-event-schema.js'
import { indexColumnsOf } from '../../main/core/search/cjk-text.js'
import { searchTextOf } from '../../main/core/search/search-text-of.js'

const N = 100_000
const texts = ['你好，请问我的订单什么时候发货', '我要申请退款，商品有质量问题', 'Where is my order? It has not shipped yet', '可以帮我改一下收货地址吗']
const messages = Array.from({ length: N }, (_, i) => ({
  id: `bench-${i}`, conversationId: `oBench${String(i % 4000).padStart(22, '0')}`, direction: 'incoming',
  body: { type: 'text', text: `${texts[i % 4]} #${i % 997}` }, status: 'sent', createdAt: 1767225600000 + i * 1000,
  clientMessageId: null, senderUsername: null, isAutomatic: false, wechatMsgId: String(24000000000000000n + BigInt(i)), failure: null,
}))
function t(name: string, work: () => void) { const s = performance.now(); work(); const e = performance.now() - s; console.log(`${name}: ${(e * 1000 / N).toFixed(2)} µs/msg`) }
const wire = JSON.stringify(messages)
t('JSON.parse wire', () => JSON.parse(wire))
t('zod parse', () => { for (const m of messages) messageSchema.parse(m) })
t('zod safeParse', () => { for (const m of messages) messageSchema.safeParse(m) })
t('stringify', () => { for (const m of messages) JSON.stringify(m) })
const st = messages.map((m) => searchTextOf(m))
t('searchTextOf', () => { for (const m of messages) searchTextOf(m) })
const cols = st.map((s) => indexColumnsOf(s))
t('indexColumnsOf', () => { for (const s of st) indexColumnsOf(s) })
const dir = mkdtempSync(join(tmpdir(), 'kefu-micro-'))
for (const variant of ['rows', 'rows+fts', 'rows+fts bulk', 'rows+fts hashsize']) {
  const db = openReplica(join(dir, `${variant.replace(/\W/g, '_')}.sqlite`))
  if (variant.includes('hashsize')) db.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('hashsize', ?)").run(64 * 1024 * 1024)
  const ins = db.prepare('INSERT INTO messages (id, conversation_id, created_at, client_message_id, search_text, json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
  const fts = db.prepare('INSERT INTO messages_fts (rowid, words, bigrams, unigrams) VALUES (?, ?, ?, ?)')
  const ftsBulk = db.prepare('INSERT INTO messages_fts (rowid, words, bigrams, unigrams) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)')
  const jsons = messages.map((m) => JSON.stringify(m))
  t(variant, () => {
    for (let p = 0; p < N; p += 2000) {
      db.transaction(() => {
        const bulk: unknown[] = []
        for (let i = p; i < p + 2000; i++) {
          const m = messages[i]!
          const r = ins.run(m.id, m.conversationId, m.createdAt, m.clientMessageId, st[i]!, jsons[i]!)
          if (variant === 'rows') continue
          const c = cols[i]!
          if (variant.includes('bulk')) bulk.push([Number(r.lastInsertRowid), c.words, c.bigrams, c.unigrams])
          else fts.run(Number(r.lastInsertRowid), c.words, c.bigrams, c.unigrams)
        }
        if (bulk.length) ftsBulk.run(JSON.stringify(bulk))
      })()
    }
  })
  db.close()
}
