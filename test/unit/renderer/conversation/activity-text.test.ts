import { expect, test } from '@playwright/test'
import { activityText, type ActivityBody } from '../../../../renderer/src/conversation/activity-text.js'
import { createI18n } from '../../../../renderer/src/i18n/create-i18n.js'

const names: Record<string, string> = { mei: 'Mei Chen', lin: 'Lin Wang', tom: 'Tom' }
const tagNames: Record<string, string> = { shipping: '物流', invoice: '发票' }
const english = createI18n('en').t
const chinese = createI18n('zh-CN').t

function line(body: ActivityBody, actor: string | null, t = english): string {
  return activityText(
    body,
    {
      actor,
      nameOfUser: (username) => names[username] ?? username,
      nameOfTag: (id) => tagNames[id],
      timeOf: (at) => new Date(at).toISOString().slice(11, 16),
    },
    t,
  )
}

test('assignment lines say who claimed, who assigned to whom, and who returned it to the queue', () => {
  expect(line({ type: 'activity', action: 'assigned', detail: 'mei' }, 'mei')).toBe(
    'Mei Chen claimed this conversation',
  )
  expect(line({ type: 'activity', action: 'assigned', detail: 'tom' }, 'lin')).toBe(
    'Lin Wang assigned this to Tom',
  )
  expect(line({ type: 'activity', action: 'assigned', detail: 'tom' }, null)).toBe(
    'Assigned to Tom automatically',
  )
  expect(line({ type: 'activity', action: 'unassigned', detail: 'mei' }, 'mei')).toBe(
    'Mei Chen returned this to the queue',
  )
  expect(line({ type: 'activity', action: 'unassigned', detail: 'tom' }, 'lin')).toBe(
    'Lin Wang moved this from Tom to the queue',
  )
  expect(line({ type: 'activity', action: 'assigned', detail: 'mei' }, 'mei', chinese)).toBe(
    'Mei Chen 认领了此会话',
  )
  expect(line({ type: 'activity', action: 'assigned', detail: 'tom' }, 'lin', chinese)).toBe(
    'Lin Wang 将此会话分配给 Tom',
  )
})

test('status lines name the change, and an unknown status is shown as stored, not dropped', () => {
  expect(line({ type: 'activity', action: 'status_changed', detail: 'resolved' }, 'lin')).toBe(
    'Lin Wang resolved the ticket',
  )
  expect(line({ type: 'activity', action: 'status_changed', detail: 'open' }, 'mei')).toBe(
    'Mei Chen reopened the ticket',
  )
  expect(line({ type: 'activity', action: 'status_changed', detail: 'pending' }, 'mei', chinese)).toBe(
    'Mei Chen 将工单设为挂起',
  )
  expect(line({ type: 'activity', action: 'status_changed', detail: 'snoozed' }, 'mei')).toBe(
    'Mei Chen set the status to snoozed',
  )
})

test('tag lines use the tags’ current names, a plural for several, and the stored names for deleted tags', () => {
  expect(line({ type: 'activity', action: 'tagged', detail: '物流', tagIds: ['shipping'] }, 'mei')).toBe(
    'Mei Chen added tag 物流',
  )
  expect(
    line(
      { type: 'activity', action: 'tagged', detail: 'old, names', tagIds: ['shipping', 'invoice'] },
      'mei',
    ),
  ).toBe('Mei Chen added tags 物流, 发票')
  expect(
    line(
      { type: 'activity', action: 'untagged', detail: 'x', tagIds: ['shipping', 'invoice'] },
      'mei',
      chinese,
    ),
  ).toBe('Mei Chen 移除了标签 物流、发票')
  expect(line({ type: 'activity', action: 'untagged', detail: 'Refund', tagIds: ['gone'] }, 'lin')).toBe(
    'Lin Wang removed tag Refund',
  )
  // Lines written before tag ids were recorded still read naturally.
  expect(line({ type: 'activity', action: 'tagged', detail: 'VIP' }, 'lin')).toBe('Lin Wang added tag VIP')
})

test('remark lines quote the new name or say it was cleared; the relay itself is named', () => {
  expect(line({ type: 'activity', action: 'remark_changed', detail: '李伟' }, 'mei')).toBe(
    'Mei Chen renamed the follower “李伟”',
  )
  expect(line({ type: 'activity', action: 'remark_changed', detail: '' }, 'mei', chinese)).toBe(
    'Mei Chen 清除了粉丝备注名',
  )
  expect(line({ type: 'activity', action: 'status_changed', detail: 'resolved' }, null, chinese)).toBe(
    '系统 解决了工单',
  )
})

test('a rescue line says what the relay did and why, in both languages', () => {
  const closesAt = Date.UTC(2026, 11, 4, 15, 30)
  const closing = {
    type: 'activity',
    action: 'window_rescue',
    detail: 'mei',
    reason: 'window_closing',
  } as const
  expect(line({ ...closing, outcome: 'queued', closesAt }, null)).toBe(
    'Returned to the queue: the reply window closes at 15:30 and Mei Chen is not online to answer',
  )
  expect(line({ ...closing, outcome: 'reassigned', to: 'tom', closesAt }, null)).toBe(
    'Handed to Tom: the reply window closes at 15:30 and Mei Chen is not online to answer',
  )
  expect(
    line(
      {
        type: 'activity',
        action: 'window_rescue',
        detail: 'lin',
        reason: 'holder_disabled',
        outcome: 'queued',
      },
      null,
      chinese,
    ),
  ).toBe('已退回队列：Lin Wang 的账号已停用')
  expect(
    line(
      {
        type: 'activity',
        action: 'window_rescue',
        detail: 'mei',
        reason: 'holder_offline',
        outcome: 'notified',
      },
      null,
    ),
  ).toBe('Supervisors were told: Mei Chen has been offline too long')
})
