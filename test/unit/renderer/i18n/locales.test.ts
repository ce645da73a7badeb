import { expect, test } from '@playwright/test'
import { en } from '../../../../renderer/src/i18n/en.js'
import { zhCn } from '../../../../renderer/src/i18n/zh-cn.js'

type Tree = { readonly [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'string') entries.set(path, value)
    else for (const [inner, text] of flatten(value, path)) entries.set(inner, text)
  }
  return entries
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort()
}

const english = flatten(en)
const chinese = flatten(zhCn)

test('zh-CN and English have exactly the same keys', () => {
  expect(english.size).toBeGreaterThan(300)
  expect([...chinese.keys()].filter((key) => !english.has(key))).toEqual([])
  expect([...english.keys()].filter((key) => !chinese.has(key))).toEqual([])
})

test('every string is filled in and uses the same {{variables}} in both languages', () => {
  const empty = [...english, ...chinese].filter(([, text]) => text.trim() === '').map(([key]) => key)
  expect(empty).toEqual([])
  const mismatched = [...english]
    .filter(([key, text]) => variables(text).join() !== variables(chinese.get(key) ?? '').join())
    .map(([key]) => key)
  expect(mismatched).toEqual([])
})

test('zh-CN strings are translated, not English left in place', () => {
  // Brand names, codes and symbols may stay as they are; sentences may not.
  const untranslated = [...english]
    .filter(([key, text]) => /[a-z]{3,}\s+[a-z]{3,}/i.test(text) && chinese.get(key) === text)
    .map(([key]) => key)
  expect(untranslated).toEqual([])
})
