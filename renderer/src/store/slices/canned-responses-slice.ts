import type { CannedResponse } from '../../../../common/domain/user.js'
import type { InvokeRequest, KefuApi } from '../../../../common/ipc/channels.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'

/** Team and personal canned replies this agent may use. */
export interface CannedResponsesSlice {
  readonly cannedResponses: readonly CannedResponse[]
  /** The relay sends the full list the agent may see, so a push replaces it (deletions included). */
  readonly applyCannedResponsesChanged: (responses: readonly CannedResponse[]) => void
  readonly loadCannedResponses: () => Promise<void>
  readonly createCannedResponse: (request: InvokeRequest<'canned-responses:create'>) => Promise<CommandResult>
  readonly deleteCannedResponse: (id: string) => Promise<CommandResult>
  /** Pictures of picture replies as data: URLs, by reply id, once loaded; null when it could not be. */
  readonly cannedPictures: Readonly<Record<string, string | null>>
  /** Loads a picture reply's picture from the relay, once. */
  readonly loadCannedPicture: (id: string) => Promise<void>
}

/** Builds the canned-responses slice over the bridge. */
export function createCannedResponsesSlice(api: KefuApi, { set, get }: SliceTools): CannedResponsesSlice {
  const loading = new Set<string>()
  return {
    cannedPictures: {},
    loadCannedPicture: async (id) => {
      if (id in get().cannedPictures || loading.has(id)) return
      loading.add(id)
      let url: string | null = null
      try {
        const outcome = await api.invoke('canned-responses:image', { id })
        if (outcome.ok) url = `data:${outcome.value.mimeType};base64,${outcome.value.dataBase64}`
      } catch {
        // Offline or refused: the reply shows its file name alone, and the next session tries again.
      } finally {
        loading.delete(id)
      }
      set({ cannedPictures: { ...get().cannedPictures, [id]: url } })
    },
    cannedResponses: [],
    applyCannedResponsesChanged: (cannedResponses) => set({ cannedResponses }),
    loadCannedResponses: async () =>
      get().applyCannedResponsesChanged(await api.invoke('canned-responses:list', null)),
    createCannedResponse: async (request) => {
      try {
        const outcome = await api.invoke('canned-responses:create', request)
        if (outcome.ok) {
          const others = get().cannedResponses.filter((response) => response.id !== outcome.value.id)
          set({ cannedResponses: [...others, outcome.value] })
        }
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    deleteCannedResponse: async (id) => {
      try {
        const outcome = await api.invoke('canned-responses:delete', { id })
        if (outcome.ok)
          set({ cannedResponses: get().cannedResponses.filter((response) => response.id !== id) })
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
  }
}
