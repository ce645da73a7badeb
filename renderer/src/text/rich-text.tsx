import { linkify } from './linkify.js'
import { replaceWechatEmoji } from './wechat-emoji.js'

/** Follower or agent text as React text nodes, with safe http(s) links: never parsed as HTML. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {linkify(replaceWechatEmoji(text)).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  )
}
