import { MESSAGE_KIND_LABELS } from '../../../common/domain/message-kind-labels.js'
import type { LabelledMessageKind } from '../../../common/domain/message-text.js'
import type { UiLanguage } from '../../../common/ipc/channels.js'

/** What main itself says to the agent (tray, badge, notifications), in one language. */
export interface DesktopStrings {
  /** The label of each kind of message, as the console's inbox says it. */
  readonly messageKinds: Readonly<Record<LabelledMessageKind, string>>
  /** A notification's title for a conversation that just started. */
  readonly newConversation: (name: string) => string
  /** A notification's title for a conversation whose reply window closes on an absent holder. */
  readonly windowRescue: (name: string) => string
  /** What the relay did about it. */
  readonly rescueOutcome: (
    outcome: 'notified' | 'queued' | 'reassigned',
    holder: string,
    to?: string,
  ) => string
  /** The tray tooltip: the app, and how many conversations wait for my reply. */
  readonly trayTooltip: (waiting: number) => string
  /** The taskbar overlay's description (Windows) for that count. */
  readonly waiting: (count: number) => string
  readonly showApp: string
  readonly quit: string
}

const en: DesktopStrings = {
  messageKinds: MESSAGE_KIND_LABELS.en,
  newConversation: (name) => `New conversation: ${name}`,
  windowRescue: (name) => `Reply window closing unanswered: ${name}`,
  rescueOutcome: (outcome, holder, to) =>
    outcome === 'reassigned'
      ? `Taken from ${holder}, handed to ${to ?? ''}`
      : outcome === 'queued'
        ? `Taken from ${holder}, back in the queue`
        : `${holder} holds it and is not online`,
  trayTooltip: (waiting) => (waiting === 0 ? 'Kefu' : `Kefu — ${waiting} waiting for your reply`),
  waiting: (count) => `${count} waiting`,
  showApp: 'Show Kefu',
  quit: 'Quit',
}

const zhCn: DesktopStrings = {
  messageKinds: MESSAGE_KIND_LABELS['zh-CN'],
  newConversation: (name) => `新会话：${name}`,
  windowRescue: (name) => `回复窗口即将关闭且无人回复：${name}`,
  rescueOutcome: (outcome, holder, to) =>
    outcome === 'reassigned'
      ? `已从 ${holder} 转给 ${to ?? ''}`
      : outcome === 'queued'
        ? `已从 ${holder} 退回队列`
        : `${holder} 持有此会话但不在线`,
  trayTooltip: (waiting) => (waiting === 0 ? 'Kefu' : `Kefu — ${waiting} 个会话等待你回复`),
  waiting: (count) => `${count} 个等待回复`,
  showApp: '显示 Kefu',
  quit: '退出',
}

/** What a computer whose renderer has not said its language yet speaks. */
export const DEFAULT_UI_LANGUAGE: UiLanguage = 'en'

/** Main's strings in the agent's language. */
export function desktopStrings(language: UiLanguage): DesktopStrings {
  return language === 'zh-CN' ? zhCn : en
}
