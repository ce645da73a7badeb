import { templateFieldsOf, type AccountTemplate } from '../../common/relay/template-schemas.js'
import { RelayError } from '../relay-error.js'
import type { WeChatSender } from './wechat-sender.js'

/** The account's own templates, as `template/get_all_private_template` lists them, with their fields. */
export async function accountTemplatesOf(
  sender: WeChatSender | null,
  accountKey: string,
): Promise<AccountTemplate[]> {
  if (sender === null)
    throw new RelayError(
      'not_configured',
      'This relay has no way to WeChat: templates need the account’s AppSecret.',
    )
  const result = await sender.callAccountApi(accountKey, {
    path: '/cgi-bin/template/get_all_private_template',
    isIdempotent: true,
  })
  if (!result.ok)
    throw new RelayError('wechat_error', `WeChat did not list the templates: ${result.failure.message}`)
  const list = Array.isArray(result.answer['template_list'])
    ? (result.answer['template_list'] as Record<string, unknown>[])
    : []
  return list.map((template) => {
    const content = String(template['content'] ?? '')
    return {
      templateId: String(template['template_id'] ?? ''),
      title: String(template['title'] ?? ''),
      content,
      example: String(template['example'] ?? ''),
      fields: templateFieldsOf(content),
    }
  })
}
