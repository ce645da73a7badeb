import { expect, test } from '@playwright/test'
import { receiverRefusal } from '../../../../common/domain/receiver-refusal.js'
import type { User } from '../../../../common/domain/user.js'
import { receiversFor } from '../../../../renderer/src/team/receivers-for.js'

const person = (username: string, patch: Partial<User> = {}): User => ({
  username,
  displayName: username.toUpperCase(),
  role: 'agent',
  isDisabled: false,
  kfAccount: null,
  teamId: null,
  ...patch,
})

const north = person('nora', { role: 'supervisor', teamId: 'north' })
const users = [
  north,
  person('ned', { teamId: 'north' }),
  person('sam', { teamId: 'south' }),
  person('una'),
  person('dee', { teamId: 'north', isDisabled: true }),
  person('ada', { role: 'admin' }),
]

test('the picker offers exactly the people the relay’s rule accepts', () => {
  const offered = receiversFor(north, users, null).map((user) => user.username)
  expect(offered).toEqual(['ned', 'nora'])
  for (const user of users) {
    expect(offered.includes(user.username)).toBe(receiverRefusal(north, user) === null)
  }
  expect(receiverRefusal(north, users[2]!)).toBe('sam is not in your team.')
  expect(receiverRefusal(north, users[4]!)).toBe('dee is disabled and cannot receive conversations.')
})

test('an admin may hand to anyone active; the holder is left out', () => {
  const admin = users[5]!
  expect(receiversFor(admin, users, 'ned').map((user) => user.username)).toEqual([
    'ada',
    'nora',
    'sam',
    'una',
  ])
})

test('the user list’s record of me counts, not the sign-in’s copy: a move to another team applies at once', () => {
  // Signed in while in no team; the relay has since put nora in the south team.
  const signedIn = person('nora', { role: 'supervisor', teamId: null })
  const now = [person('nora', { role: 'supervisor', teamId: 'south' }), ...users.slice(1)]
  expect(receiversFor(signedIn, now, 'nora').map((user) => user.username)).toEqual(['sam'])
})
