import type { LabelledMessageKind } from './message-text.js'

/**
 * The words for each kind of message, in both languages: the console's inbox (renderer i18n) and the
 * desktop's notifications and tray (main) read them from here, so a row and a notification name a
 * message alike.
 */
export const MESSAGE_KIND_LABELS = {
  en: {
    image: 'Image',
    voice: 'Voice',
    video: 'Video',
    shortvideo: 'Short video',
    location: 'Location',
    link: 'Link',
    news: 'Article',
    miniprogrampage: 'Mini program',
    template: 'Template',
    event: 'Event',
    unknown: 'Message',
  },
  'zh-CN': {
    image: '图片',
    voice: '语音',
    video: '视频',
    shortvideo: '小视频',
    location: '位置',
    link: '链接',
    news: '图文',
    miniprogrampage: '小程序',
    template: '模板消息',
    event: '事件',
    unknown: '消息',
  },
} as const satisfies Record<'en' | 'zh-CN', Readonly<Record<LabelledMessageKind, string>>>
