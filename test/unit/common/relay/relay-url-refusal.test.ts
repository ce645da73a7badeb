import { expect, test } from '@playwright/test'
import { relayUrlRefusalOf } from '../../../../common/relay/relay-url-refusal.js'

test('https:// anywhere and http:// to this computer may be used', () => {
  for (const url of [
    'https://kefu.example.com',
    'https://203.0.113.7:8443/kefu',
    'http://127.0.0.1:8080',
    'http://127.1.2.3',
    'http://127.1',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:8080',
  ])
    expect({ url, refusal: relayUrlRefusalOf(url) }).toEqual({ url, refusal: null })
})

test('http:// across the network is insecure; anything else is malformed', () => {
  for (const url of [
    'http://kefu.example.com',
    'http://192.168.1.10:8080',
    'http://128.0.0.1',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'http://[::2]',
    'http://0.0.0.0:8080',
  ])
    expect({ url, refusal: relayUrlRefusalOf(url) }).toEqual({ url, refusal: 'insecure' })
  for (const url of ['kefu.example.com', 'ftp://kefu.example.com', 'ws://127.0.0.1', ''])
    expect({ url, refusal: relayUrlRefusalOf(url) }).toEqual({ url, refusal: 'malformed' })
})
