import { expect, test } from '@playwright/test'
import { createDeliveryQueue } from '../../../../relay/conversations/delivery-queue.js'

/** A job that runs until released, recording when it started. */
function gate() {
  let release: () => void = () => undefined
  const done = new Promise<void>((resolve) => (release = resolve))
  return { done, release: () => release() }
}

test('jobs of one key run one at a time in order; other keys run beside them up to the cap', async () => {
  const queue = createDeliveryQueue(2)
  const started: string[] = []
  const gates = new Map<string, ReturnType<typeof gate>>()
  const job = (name: string) => () => {
    started.push(name)
    const opened = gate()
    gates.set(name, opened)
    return opened.done
  }
  queue.enqueue('a', job('a1'))
  queue.enqueue('a', job('a2'))
  queue.enqueue('b', job('b1'))
  queue.enqueue('c', job('c1'))
  expect(started).toEqual(['a1', 'b1'])
  expect(queue.size).toBe(4)

  gates.get('a1')!.release()
  await new Promise((resolve) => setImmediate(resolve))
  // a2 waited for a1; c1 became ready first, so it takes the free slot (round-robin across keys).
  expect(started).toEqual(['a1', 'b1', 'c1'])
  gates.get('b1')!.release()
  await new Promise((resolve) => setImmediate(resolve))
  expect(started).toEqual(['a1', 'b1', 'c1', 'a2'])

  const idle = queue.idle()
  gates.get('c1')!.release()
  gates.get('a2')!.release()
  await idle
  expect(queue.size).toBe(0)
})

test('a job that rejects frees its slot and the key carries on', async () => {
  const queue = createDeliveryQueue(1)
  const ran: string[] = []
  queue.enqueue('a', async () => {
    ran.push('first')
    throw new Error('boom')
  })
  queue.enqueue('a', async () => {
    ran.push('second')
  })
  await queue.idle()
  expect(ran).toEqual(['first', 'second'])
})
