import { expect, test } from '@playwright/test'
import { indexColumnsOf, matchExpressionOf, snippetOf } from '../../../../../main/core/search/cjk-text.js'

test('CJK runs become bigrams and unigrams; other text stays for unicode61', () => {
  expect(indexColumnsOf('我要退款 order 42，订单号')).toEqual({
    words: '  order 42， ',
    bigrams: '我要 要退 退款 0 订单 单号',
    unigrams: '我 要 退 款 订 单 号',
  })
  expect(indexColumnsOf('only english')).toEqual({ words: 'only english', bigrams: '', unigrams: '' })
})

test('single-character runs, scripts side by side and characters beyond the BMP split whole', () => {
  expect(indexColumnsOf('一a二三 四b')).toEqual({
    words: ' a   b',
    bigrams: '二三 0',
    unigrams: '一 二 三 四',
  })
  expect(indexColumnsOf('ハロー한국어中文 ok')).toEqual({
    words: ' ー  ok',
    bigrams: 'ハロ 0 한국 국어 어中 中文',
    unigrams: 'ハ ロ 한 국 어 中 文',
  })
  expect(indexColumnsOf('𠀀𠀁x')).toEqual({ words: ' x', bigrams: '𠀀𠀁', unigrams: '𠀀 𠀁' })
})

test('queries of 1 to 4 Chinese characters become unigram tokens or bigram phrases', () => {
  expect(matchExpressionOf('退')).toBe('unigrams : "退"')
  expect(matchExpressionOf('退款')).toBe('bigrams : "退款"')
  expect(matchExpressionOf('订单号')).toBe('bigrams : "订单 单号"')
  expect(matchExpressionOf('申请退款')).toBe('bigrams : "申请 请退 退款"')
  expect(matchExpressionOf('Refund 退款')).toBe('words : "refund"* AND bigrams : "退款"')
  expect(matchExpressionOf('"; DROP')).toBe('words : "drop"*')
  expect(matchExpressionOf('，。！')).toBeNull()
})

test('snippets mark matches as parts, never markup', () => {
  expect(snippetOf('<b>退款</b> please', '退款')).toEqual([
    { text: '<b>', isMatch: false },
    { text: '退款', isMatch: true },
    { text: '</b> please', isMatch: false },
  ])
  const long = `${'前'.repeat(100)}发货${'后'.repeat(100)}`
  const parts = snippetOf(long, '发货')
  expect(parts.filter((part) => part.isMatch)).toEqual([{ text: '发货', isMatch: true }])
  expect(parts[0]).toEqual({ text: '…', isMatch: false })
  expect(parts.map((part) => part.text).join('').length).toBeLessThanOrEqual(122)
  // English matches only where a word starts, as the prefix query does.
  expect(snippetOf('prefund refund', 'refu').filter((part) => part.isMatch)).toEqual([
    { text: 'refu', isMatch: true },
  ])
})
