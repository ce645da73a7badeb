import { z } from 'zod'

/** One field of a template, as its content names it (`{{keyword1.DATA}}`), with the words before it. */
export const templateFieldSchema = z.object({ key: z.string(), label: z.string() })

/** One template of the account's own list (`template/get_all_private_template`). */
export const accountTemplateSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  content: z.string(),
  example: z.string(),
  fields: z.array(templateFieldSchema),
})

/** `GET /api/accounts/:key/templates` answer. */
export const accountTemplatesSchema = z.object({ templates: z.array(accountTemplateSchema) })

export type AccountTemplate = z.infer<typeof accountTemplateSchema>

/**
 * The fields of a template's content, in order, each with the words before it on its line
 * ("订单号：{{keyword1.DATA}}" → keyword1, "订单号"): what the form asks for, in the template's words.
 */
export function templateFieldsOf(content: string): z.infer<typeof templateFieldSchema>[] {
  const fields: z.infer<typeof templateFieldSchema>[] = []
  for (const line of content.split('\n')) {
    for (const match of line.matchAll(/\{\{(\w+)\.DATA\}\}/g)) {
      const before = line.slice(0, match.index).replace(/\{\{\w+\.DATA\}\}/g, '')
      const label = before.replace(/[：:\s]+$/u, '').trim()
      if (!fields.some((field) => field.key === match[1]))
        fields.push({ key: match[1]!, label: label || match[1]! })
    }
  }
  return fields
}

/** The message as the follower will read it: the content with each field's value in place. */
export function templatePreviewOf(content: string, values: Readonly<Record<string, string>>): string {
  return content.replace(/\{\{(\w+)\.DATA\}\}/g, (_, key: string) => values[key] ?? '')
}
