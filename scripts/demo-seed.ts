/** Coloured tags a demo team works with (created by a supervisor). */
const demoTags = [
  { name: '退款 Refund', color: '#e5484d' },
  { name: '物流 Shipping', color: '#2f7de1' },
  { name: '发票 Invoice', color: '#f5a524' },
  { name: 'VIP', color: '#8e4ec6' },
  { name: '促销 Promo', color: '#30a46c' },
] as const

/** Team canned replies in Chinese and English, with the variables the composer fills. */
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
] as const

/**
 * Seeds the demo relay through its REST API, as a supervisor would: tags and team canned replies.
 * Answers the problems (one line each) instead of throwing: the demo runs without them.
 */
export async function seedDemo(relayUrl: string, supervisorToken: string): Promise<readonly string[]> {
  const problems: string[] = []
  const post = async (path: string, body: unknown): Promise<void> => {
    const response = await fetch(`${relayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (response.status !== 201) problems.push(`${path}: ${response.status} ${await response.text()}`)
  }
  for (const tag of demoTags) await post('/api/tags', tag)
  for (const reply of demoCannedReplies) await post('/api/canned-responses', { ...reply, isTeam: true })
  return problems
}
