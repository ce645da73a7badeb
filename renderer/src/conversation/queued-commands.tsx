import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../store/store-context.js'

/**
 * Changes the agent made that the relay has not confirmed yet (made offline, or awaiting an answer):
 * shown so nobody mistakes them for done. They disappear when the relay applies or refuses them.
 */
export function QueuedCommands({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation()
  const commands = useAppStore(
    useShallow((state) =>
      Object.values(state.pendingCommandsById)
        .filter((command) => command.conversationId === conversationId)
        .map((command) => command.command),
    ),
  )
  if (commands.length === 0) return null
  const what = [...new Set(commands)].map((command) => t(`conversation.queuedCommand.${command}`)).join(', ')
  return (
    <span className="queued-commands" role="status" data-testid="queued-commands">
      {t('conversation.queued', { what })}
    </span>
  )
}
