import { expect, test } from '@playwright/test'
import { templateJobFailureOf } from '../../../../relay/outbound/template-job-failure.js'

test('each TEMPLATESENDJOBFINISH status WeChat sends gets a plain sentence and a stable code', () => {
  expect(templateJobFailureOf('failed:user block')).toMatchObject({
    code: 'template_blocked',
    isRetryable: false,
  })
  expect(templateJobFailureOf('failed: system failed')).toMatchObject({
    code: 'template_not_delivered',
    isRetryable: true,
  })
  expect(templateJobFailureOf('failed:something new').message).toContain('failed:something new')
})
