import type { ConnectionState, KefuApi } from '../../../../common/ipc/channels.js'
import type { SliceTools } from '../app-state.js'

/** The relay connection as the agent sees it. */
export interface ConnectionSlice {
  readonly connection: ConnectionState
  /** Bumped by every push, so a snapshot answer older than a push is not applied over it. */
  readonly connectionRevision: number
  readonly applyConnectionChanged: (connection: ConnectionState) => void
  readonly loadConnection: () => Promise<void>
  readonly reconnect: () => Promise<void>
}

/** Builds the connection slice over the bridge. */
export function createConnectionSlice(api: KefuApi, { set, get }: SliceTools): ConnectionSlice {
  return {
    connection: { state: 'connecting' },
    connectionRevision: 0,
    applyConnectionChanged: (connection) =>
      set((state) => ({ connection, connectionRevision: state.connectionRevision + 1 })),
    loadConnection: async () => {
      const revision = get().connectionRevision
      const connection = await api.invoke('connection:get', null)
      if (get().connectionRevision === revision) set({ connection })
    },
    reconnect: async () => {
      const connection = await api.invoke('connection:reconnect', null)
      get().applyConnectionChanged(connection)
    },
  }
}
