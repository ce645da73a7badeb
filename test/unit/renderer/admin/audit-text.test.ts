import { expect, test } from '@playwright/test'
import type { AuditEntry } from '../../../../common/domain/audit.js'
import { auditText } from '../../../../renderer/src/admin/audit-text.js'
import { createI18n } from '../../../../renderer/src/i18n/create-i18n.js'

const english = createI18n('en').t
const chinese = createI18n('zh-CN').t
const context = {
  nameOfUser: (username: string) => ({ lin: 'Lin Wang', mei: 'Mei Chen' })[username] ?? username,
  nameOfTeam: (id: string) => (id === 'team-1' ? 'Night shift' : undefined),
  nameOfAccount: (key: string) => (key === 'brand' ? '品牌服务号' : undefined),
  nameOfTag: (id: string) => (id === 'tag-1' ? 'shipping' : undefined),
}

function entry(
  action: AuditEntry['action'],
  target: string | null,
  details: AuditEntry['details'],
): AuditEntry {
  return { id: 1, at: 0, actor: 'admin', action, target, details }
}

test('a user change reads as labelled fields, a reset password only as having changed', () => {
  const changed = entry('user.updated', 'lin', {
    role: 'admin',
    teamId: 'team-1',
    kfAccount: null,
    isDisabled: false,
    passwordChanged: true,
  })
  expect(auditText(changed, context, english)).toEqual({
    sentence: 'Changed user Lin Wang',
    details: ['Role: admin', 'Team: Night shift', 'kf persona: none', 'Enabled', 'Password reset'],
  })
  expect(auditText(changed, context, chinese).details).toEqual([
    '角色：管理员',
    '团队：Night shift',
    '客服账号：无',
    '已启用',
    '已重置密码',
  ])
  // What a new user did not set says nothing.
  const created = entry('user.created', 'mei', { role: 'agent', displayName: 'Mei Chen', kfAccount: null })
  expect(auditText(created, context, english).details).toEqual(['Role: agent', 'Display name: Mei Chen'])
})

test('team settings read as yes or no, and a rename names the new name', () => {
  const team = entry('team.updated', 'team-1', { name: 'Day shift', isAutoAssigning: true, agentCap: null })
  expect(auditText(team, context, english)).toEqual({
    sentence: 'Changed team Day shift',
    details: ['Name: Day shift', 'Auto-assignment: yes', 'Cap per agent: none'],
  })
  expect(
    auditText(entry('team.created', 'team-1', { name: 'Night shift', accountKeys: '[]' }), context, english)
      .details,
  ).toEqual([])
  // Accounts by name (a key the console does not know as itself); none left means every account.
  expect(
    auditText(entry('team.updated', 'team-1', { accountKeys: '["brand","gone"]' }), context, chinese).details,
  ).toEqual(['公众号：品牌服务号, gone'])
  expect(auditText(entry('team.updated', 'team-1', { accountKeys: '[]' }), context, english).details).toEqual(
    ['Official accounts: every account'],
  )
})

test('throttle clearings say whose, from where, and how many', () => {
  const of = (target: string | null, address: string | undefined) =>
    auditText(
      entry(
        'sign-in-throttle.cleared',
        target,
        address === undefined ? { cleared: 2 } : { address, cleared: 2 },
      ),
      context,
      english,
    )
  expect(of('mei', '203.0.113.9')).toEqual({
    sentence: 'Let Mei Chen sign in again from 203.0.113.9',
    details: ['Throttles cleared: 2'],
  })
  expect(of('mei', undefined).sentence).toBe('Let Mei Chen sign in again from every address')
  expect(of(null, '203.0.113.9').sentence).toBe('Let address 203.0.113.9 sign in again')
  expect(of(null, undefined).sentence).toBe('Cleared every sign-in throttle')
  expect(auditText(entry('sign-in-throttle.cleared', null, { cleared: 1 }), context, chinese).sentence).toBe(
    '解除了全部登录限制',
  )
})

test('erasures, canned replies and tags keep their sentence and readable facts', () => {
  expect(
    auditText(entry('follower.erased', 'o-1', { reason: 'request', messages: 14 }), context, english),
  ).toEqual({ sentence: 'Erased the data of follower o-1', details: ['on request', 'Messages erased: 14'] })
  expect(
    auditText(
      entry('canned-response.created', 'c-1', { shortCode: 'hi', hasPicture: true }),
      context,
      english,
    ),
  ).toEqual({ sentence: 'Added team canned reply /hi', details: ['With a picture'] })
  expect(
    auditText(entry('tag.created', 'tag-1', { name: 'shipping', color: 'blue' }), context, english),
  ).toEqual({ sentence: 'Created tag shipping', details: ['Colour: blue'] })
})
