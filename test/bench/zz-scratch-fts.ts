import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openReplica } from '../../main/core/replica/open-replica.js'
import { indexColumnsOf } from '../../main/core/search/cjk-text.js'

const N = 200_000
const texts = ['你好，请问我的订单什么时候发货', '我要申请退款，商品有质量问题', 'Where is my order? It has not shipped yet', '可以帮我改一下收货地址吗', '发票怎么开，需要公司抬头', '优惠券为什么用不了']
const cols = Array.from({ length: N }, (_, i) => indexColumnsOf(`${texts[i % 6]} #${i % 997}`))
const dir = mkdtempSync(join(tmpdir(), 'kefu-micro-'))
const variants: [string, number, string[], string[]][] = [
  ['page2000 default', 2000, [], []],
  ['page2000 automerge16', 2000, ["INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 16)"], []],
  ['page2000 automerge0+merge', 2000, ["INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 0)"], ["INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 4)", "INSERT INTO messages_fts(messages_fts, rank) VALUES ('merge', -100000)"]],
  ['page10000 hash32M', 10000, ["INSERT INTO messages_fts(messages_fts, rank) VALUES ('hashsize', 33554432)"], []],
  ['page10000 default', 10000, [], []],
]
for (const [name, page, pre, post] of variants) {
  const db = openReplica(join(dir, `${name.replace(/\W/g, '_')}.sqlite`))
  for (const sql of pre) db.exec(sql)
  const fts = db.prepare('INSERT INTO messages_fts (rowid, words, bigrams, unigrams) VALUES (?, ?, ?, ?)')
  const s = performance.now(); const c0 = process.cpuUsage()
  for (let p = 0; p < N; p += page) {
    db.transaction(() => { for (let i = p; i < p + page; i++) { const c = cols[i]!; fts.run(i + 1, c.words, c.bigrams, c.unigrams) } })()
  }
  const mid = performance.now()
  for (const sql of post) db.exec(sql)
  const e = performance.now(); const cpu = process.cpuUsage(c0)
  const segs = db.prepare("SELECT count(*) FROM messages_fts_data").pluck().get()
  const q = db.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'bigrams : \"退款\"'").pluck()
  const qs = performance.now(); for (let k = 0; k < 20; k++) q.get(); const qe = (performance.now() - qs) / 20
  console.log(`${name}: ${((mid - s) * 1000 / N).toFixed(2)} µs/msg inserts, total ${((e - s) * 1000 / N).toFixed(2)} µs/msg, cpu ${((cpu.user + cpu.system) / N).toFixed(2)} µs/msg; data rows ${segs}; query ${qe.toFixed(1)} ms`)
  db.close()
}
