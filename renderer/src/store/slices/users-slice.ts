import type { User } from '../../../../common/domain/user.js'
import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { SliceTools } from '../app-state.js'

/** The team, by username: assignees and note authors are shown by display name. */
export interface UsersSlice {
  readonly usersByName: Readonly<Record<string, User>>
  readonly applyUsersChanged: (users: readonly User[]) => void
  readonly loadUsers: () => Promise<void>
  /** The name to show for a username: the user's display name, else the username itself. */
  readonly displayNameOfUser: (username: string) => string
}

/** Builds the users slice over the bridge. */
export function createUsersSlice(api: KefuApi, { set, get }: SliceTools): UsersSlice {
  return {
    usersByName: {},
    applyUsersChanged: (users) =>
      set((state) => {
        const usersByName = { ...state.usersByName }
        for (const user of users) usersByName[user.username] = user
        return { usersByName }
      }),
    loadUsers: async () => get().applyUsersChanged(await api.invoke('users:list', null)),
    displayNameOfUser: (username) => get().usersByName[username]?.displayName ?? username,
  }
}
