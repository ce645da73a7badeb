import { expect, test } from '@playwright/test'
import { fillVariables, rankCannedResponses } from '../../../../common/domain/canned-ranking.js'
import { insertCanned, slashQueryAt } from '../../../../renderer/src/composer/canned-insert.js'

test('a slash at a line start or after a space opens the menu; inside a word or URL it does not', () => {
  expect(slashQueryAt('/th', 3)).toEqual({ query: 'th', start: 0 })
  expect(slashQueryAt('Hi /re', 6)).toEqual({ query: 're', start: 3 })
  expect(slashQueryAt('and/or', 6)).toBeNull()
  expect(slashQueryAt('https://x', 9)).toBeNull()
})

test('the chosen reply replaces the query at the cursor, with variables filled', () => {
  const text = 'Hi /tha and more'
  const slash = slashQueryAt(text, 7)
  expect(slash).not.toBeNull()
  const reply = rankCannedResponses(
    [
      {
        id: '1',
        shortCode: 'xthanks',
        body: 'no',
        ownerUsername: null,
        image: null,
        accountKeys: [],
        card: null,
      },
      {
        id: '2',
        shortCode: 'thanks',
        body: 'Thanks {{follower.name}}, {{agent.name}} here. {{order.id}}',
        ownerUsername: null,
        image: null,
        accountKeys: [],
        card: null,
      },
    ],
    'tha',
  )[0]
  expect(reply?.id).toBe('2')
  const filled = fillVariables(reply?.body ?? '', { 'follower.name': '王小明', 'agent.name': 'Mei' })
  expect(filled.unresolved).toEqual(['order.id'])
  const inserted = insertCanned(text, slash ?? { query: '', start: 0 }, 7, filled.text)
  expect(inserted.text).toBe('Hi Thanks 王小明, Mei here. {{order.id}} and more')
  expect(inserted.cursor).toBe('Hi Thanks 王小明, Mei here. {{order.id}}'.length)
})
