/**
 * Wraps text in a CDATA section. A literal `]]>` in user text would end the section early, so it is
 * split across two sections (`]]` + `>`), which every XML parser joins back.
 */
export function cdataOf(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
