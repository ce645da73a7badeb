import { simulatedPhotoOf } from '../test/simulator/simulator-images.js'

/** Coloured tags a demo team works with (created by a supervisor). */
const demoTags = [
  { name: '退款 Refund', color: '#e5484d' },
  { name: '物流 Shipping', color: '#2f7de1' },
  { name: '发票 Invoice', color: '#f5a524' },
  { name: 'VIP', color: '#8e4ec6' },
  { name: '促销 Promo', color: '#30a46c' },
] as const

/** Team canned replies in Chinese and English, with the variables the composer fills, and a picture one. */
const demoCannedReplies = [
  { shortCode: 'greet', body: '您好 {{follower.name}}，我是客服{{agent.name}}，很高兴为您服务！' },
  {
    shortCode: 'hello',
    body: 'Hi {{follower.name}}, this is {{agent.name}} from the Kefu demo shop. How can I help?',
  },
  {
    shortCode: 'refund',
    body: '{{follower.name}}您好，退款申请已收到，款项将在 1–3 个工作日内原路退回。—— {{agent.name}}',
  },
  {
    shortCode: 'shipping',
    body: 'Your parcel is on its way, {{follower.name}}. Tracking updates within 24 hours. — {{agent.name}}',
  },
  {
    shortCode: 'invoice',
    body: 'You can download the invoice under Orders → Invoice in our mini program. — {{agent.name}}',
  },
  {
    shortCode: 'thanks',
    body: '感谢您的耐心，{{follower.name}}！Thanks for your patience. — {{agent.name}}',
  },
  {
    shortCode: 'store',
    body: '门店位置图 Where to find our store (picture)',
    image: { fileName: 'store-map.png', dataBase64: simulatedPhotoOf('store map').toString('base64') },
  },
]

/**
 * Seeds the demo relay through its REST API, as a supervisor would: tags and team canned replies.
 * Answers the problems (one line each) instead of throwing: the demo runs without them.
 */
export async function seedDemo(relayUrl: string, supervisorToken: string) {
  const problems: string[] = []
  const call = async (method: string, path: string, body: unknown): Promise<{ id?: string } | null> => {
    const response = await fetch(`${relayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${supervisorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (response.status < 300) return (await response.json()) as { id?: string }
    problems.push(`${method} ${path}: ${response.status} ${await response.text()}`)
    return null
  }
  const tagIds: string[] = []
  for (const tag of demoTags) {
    const created = await call('POST', '/api/tags', tag)
    if (created?.id !== undefined) tagIds.push(created.id)
  }
  for (const reply of demoCannedReplies)
    await call('POST', '/api/canned-responses', { ...reply, isTeam: true })
  return {
    problems,
    /** Names (remarks) and tags some demo followers the way a team would, as they arrive. */
    async onJoined(index: number, openId: string): Promise<void> {
      const joined = demoFollowerProfiles[index]
      if (joined === undefined) return
      const path = `/api/conversations/${encodeURIComponent(openId)}`
      await call('PATCH', `${path}/follower`, { remark: joined.remark })
      const tags = joined.tags.map((tagIndex) => tagIds[tagIndex]).filter((id) => id !== undefined)
      if (tags.length > 0) await call('PUT', `${path}/tags`, { tagIds: tags })
    },
  }
}

/** By demo follower: the remark a team gave them and their tags (indexes into the demo tags). */
const demoFollowerProfiles: readonly { readonly remark: string; readonly tags: readonly number[] }[] = [
  { remark: '王芳 Wang Fang', tags: [4] },
  { remark: 'James Miller', tags: [1, 2] },
  { remark: '李伟 Li Wei', tags: [0, 3] },
]
