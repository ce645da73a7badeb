/** One push element: text (CDATA), a number (plain), or nested elements. */
export type PushValue = string | number | PushFields | readonly PushFields[]

/** The elements of one push, in document order. */
export interface PushFields {
  readonly [element: string]: PushValue
}

const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`

const elementsOf = (fields: PushFields, separator = ''): string =>
  Object.entries(fields)
    .map(([name, value]) => {
      if (typeof value === 'number') return `<${name}>${value}</${name}>`
      if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`
      if (Array.isArray(value)) return value.map((item) => `<${name}>${elementsOf(item)}</${name}>`).join('')
      return `<${name}>${elementsOf(value as PushFields)}</${name}>`
    })
    .join(separator)

/** Serialises a push as WeChat does: `<xml>`, strings in CDATA, numbers plain, one element per line. */
export function pushXmlOf(fields: PushFields): string {
  return `<xml>${elementsOf(fields, '\n')}</xml>`
}

/** Reads one element's text out of a small XML document (CDATA, split CDATA or plain); null when absent. */
export function xmlElementOf(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)
  if (match === null) return null
  return (match[1] ?? '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
}
