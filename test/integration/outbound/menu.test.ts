import { expect, test } from '@playwright/test'
import type { Menu } from '../../../common/domain/menu.js'
import { startRelayWithSimulator } from './relay-outbound-fixture.js'

const menu: Menu = {
  button: [
    { type: 'click', name: '营业时间', key: 'MENU_HOURS' },
    {
      name: '服务',
      sub_button: [
        { type: 'view', name: '查订单', url: 'https://shop.example.com/orders' },
        {
          type: 'miniprogram',
          name: '小程序商城',
          url: 'https://shop.example.com',
          appid: 'wx286b93c14bbf93aa',
          pagepath: 'pages/index',
        },
        { type: 'location_select', name: '发送位置', key: 'MENU_WHERE' },
      ],
    },
  ],
}

test('the menu is made with menu/create only when WeChat would take it, read back and deleted', async () => {
  const fixture = await startRelayWithSimulator()
  try {
    expect((await fixture.api('GET', '/api/accounts/default/menu')).body).toEqual({ menu: null })
    const saved = await fixture.api('PUT', '/api/accounts/default/menu', menu)
    expect(saved.status).toBe(200)
    const created = fixture.simulator.calls.filter((call) => call.endpoint === 'menu/create')
    expect(created.map((call) => call.body)).toEqual([menu])
    expect((await fixture.api('GET', '/api/accounts/default/menu')).body).toEqual({ menu })

    // Refused before any call, with the reasons in words.
    const calls = fixture.simulator.calls.length
    const tooMany = { button: [...menu.button, ...menu.button] }
    const longName = { button: [{ type: 'click', name: '这是一个太长的菜单名字', key: 'K' }] }
    const noKey = { button: [{ type: 'click', name: '点我' }] }
    const badLink = { button: [{ type: 'view', name: '看看', url: 'shop.example.com' }] }
    const sixItems = {
      button: [
        {
          name: '更多',
          sub_button: Array.from({ length: 6 }, (_, i) => ({ type: 'click', name: `项${i}`, key: `K${i}` })),
        },
      ],
    }
    for (const [bad, words] of [
      [tooMany, 'at most 3 top buttons'],
      [longName, 'button 1: the name is too long'],
      [noKey, 'button 1: the button needs a key'],
      [badLink, 'button 1: the button needs an http(s) link'],
      [sixItems, 'button 1: a group has at most 5 buttons'],
    ] as const) {
      const refused = await fixture.api('PUT', '/api/accounts/default/menu', bad)
      expect(refused.status).toBe(400)
      expect(refused.body.error?.message).toContain(words)
    }
    expect(fixture.simulator.calls.length).toBe(calls)

    expect((await fixture.api('DELETE', '/api/accounts/default/menu')).status).toBe(200)
    expect((await fixture.api('GET', '/api/accounts/default/menu')).body).toEqual({ menu: null })
  } finally {
    await fixture.close()
  }
})
