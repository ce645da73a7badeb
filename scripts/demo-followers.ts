import type { SimulatedFollower } from '../test/simulator/simulated-follower.js'
import type { WeChatSimulator } from '../test/simulator/wechat-simulator.js'

type Step = (follower: SimulatedFollower) => Promise<unknown>

/** What each demo follower does, in order: follows, menu clicks, questions in Chinese and English. */
const scripts: readonly (readonly Step[])[] = [
  [
    (f) => f.follow('spring_sale'),
    (f) => f.sendText('你好，请问春季活动的优惠券怎么用？'),
    (f) => f.sendImage(),
    (f) => f.sendText('这是我的订单截图，结算时没有减价'),
    (f) => f.sendText('谢谢！'),
  ],
  [
    (f) => f.follow(),
    (f) => f.clickMenu('MENU_HOURS'),
    (f) => f.sendText('Hi, my parcel has not arrived yet. Order #20481'),
    (f) => f.sendLocation({ latitude: 31.2304, longitude: 121.4737, label: '上海市黄浦区人民大道' }),
    (f) => f.sendText('I need an invoice for it too'),
  ],
  [
    (f) => f.follow('store_qr_beijing'),
    (f) => f.sendText('退款'),
    (f) => f.sendText('订单号 20477，商品有破损'),
    (f) => f.sendImage(),
  ],
  [
    (f) => f.sendText('Is the blue jacket available in size L?'),
    (f) => f.clickMenu('MENU_ORDER'),
    (f) =>
      f.sendLink({
        title: 'Blue jacket',
        description: 'Spring collection',
        url: 'https://shop.example.com/p/4411',
      }),
    (f) => f.sendText('Great, thanks for the quick answer!'),
  ],
  [
    (f) => f.follow('spring_sale'),
    (f) => f.sendVoice('我想改一下收货地址'),
    (f) => f.sendText('新地址是杭州市西湖区文三路 90 号'),
    (f) => f.reportLocation(30.2741, 120.1551),
  ],
]

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

/**
 * Plays the demo followers at a human pace (a few seconds between actions, followers interleaved);
 * bounded: every script runs once, then they go quiet. Stops early when `signal` aborts.
 */
export async function runDemoFollowers(
  simulator: WeChatSimulator,
  options: {
    readonly signal: AbortSignal
    readonly paceMs?: number
    readonly onStep?: (line: string) => void
    /** Called once per follower after its first push was taken (the demo names and tags some). */
    readonly onJoined?: (index: number, openId: string) => Promise<void>
  },
): Promise<void> {
  const paceMs = options.paceMs ?? 4000
  await Promise.all(
    scripts.map(async (steps, index) => {
      const follower = simulator.follower(`oDemoFollower${String(index + 1).padStart(14, '0')}`)
      await pause(index * paceMs * 0.7, options.signal)
      let hasJoined = false
      for (const step of steps) {
        if (options.signal.aborted) return
        const delivery = (await step(follower)) as { status: number | null; error: string | null }
        if (delivery.status !== 200)
          options.onStep?.(`follower ${index + 1}: push not taken (${delivery.error ?? delivery.status})`)
        else if (!hasJoined) {
          hasJoined = true
          await options.onJoined?.(index, follower.openId)
        }
        await pause(paceMs * (1 + Math.random() * 2), options.signal)
      }
    }),
  )
}
