import type { InvokeRequest, KefuApi, SessionState } from '../../../../common/ipc/channels.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'

/** Who is signed in, and the commands that change it. */
export interface SessionSlice {
  readonly session: SessionState
  /** False until main has said who is signed in: the app shows a splash, not the sign-in form. */
  readonly isSessionKnown: boolean
  readonly applySessionChanged: (session: SessionState) => void
  readonly signIn: (request: InvokeRequest<'session:sign-in'>) => Promise<CommandResult>
  readonly signOut: (wipeReplica: boolean) => Promise<void>
}

/** Builds the session slice over the bridge. */
export function createSessionSlice(api: KefuApi, { set, get }: SliceTools): SessionSlice {
  return {
    session: { relayUrl: null, user: null },
    isSessionKnown: false,
    applySessionChanged: (session) => {
      const wasUser = get().session.user?.username ?? null
      set({ session, isSessionKnown: true })
      const isUser = session.user?.username ?? null
      if (isUser !== wasUser) {
        get().resetWorkspace()
        if (isUser !== null) void get().loadWorkspace()
      }
    },
    signIn: async (request) => {
      try {
        const outcome = await api.invoke('session:sign-in', request)
        if (outcome.ok) get().applySessionChanged(outcome.value)
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    signOut: async (wipeReplica) => {
      const session = await api.invoke('session:sign-out', { wipeReplica })
      get().applySessionChanged(session)
    },
  }
}
