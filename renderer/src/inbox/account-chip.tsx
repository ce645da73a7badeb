import type { CSSProperties } from 'react'
import { avatarHue } from '../shell/format-time.js'
import { useAppStore } from '../store/store-context.js'

/**
 * The official account a conversation belongs to: its name on a tint of its own hue, the same on every
 * desktop. Shown only where the relay serves several accounts: with one, every row would say the same.
 */
export function AccountChip({ accountKey }: { accountKey: string }) {
  const name = useAppStore((state) => {
    const accounts = state.session.accounts ?? []
    return accounts.length > 1
      ? (accounts.find((account) => account.key === accountKey)?.name ?? accountKey)
      : null
  })
  if (name === null) return null
  return (
    <span
      className="account-chip"
      style={{ '--hue': avatarHue(accountKey) } as CSSProperties}
      data-testid="row-account"
    >
      {name}
    </span>
  )
}
