import type { Tag } from '../../../../common/domain/conversation.js'
import type { CommandOutcome, KefuApi } from '../../../../common/ipc/channels.js'
import type { CommandRequest } from '../../../../common/relay/relay-commands.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** The team's tags; supervisors create them, agents apply them. */
export interface TagsSlice {
  readonly tags: readonly Tag[]
  readonly applyTagsChanged: (tags: readonly Tag[]) => void
  readonly loadTags: () => Promise<void>
  readonly createTag: (request: CommandRequest<'tag:create'>) => Promise<CommandResult>
  /** Supervisors rename or recolour a tag; every desktop hears it as `tag.upserted`. */
  readonly updateTag: (request: CommandRequest<'tag:update'>) => Promise<CommandResult>
}

/** Merges tags by id; the list is kept sorted by name. */
export function mergeTags(current: readonly Tag[], incoming: readonly Tag[]): readonly Tag[] {
  const byId = new Map(current.map((tag) => [tag.id, tag]))
  for (const tag of incoming) byId.set(tag.id, tag)
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** Builds the tags slice over the bridge. */
export function createTagsSlice(api: KefuApi, { set, get }: SliceTools): TagsSlice {
  return {
    tags: [],
    applyTagsChanged: (tags) => set((state) => ({ tags: mergeTags(state.tags, tags) })),
    loadTags: async () => get().applyTagsChanged(await api.invoke('tags:list', null)),
    createTag: (request) => saveTag(() => callRelay(api, 'tag:create', request)),
    updateTag: (request) => saveTag(() => callRelay(api, 'tag:update', request)),
  }

  async function saveTag(invoke: () => Promise<CommandOutcome<Tag>>): Promise<CommandResult> {
    try {
      const outcome = await invoke()
      if (outcome.ok) get().applyTagsChanged([outcome.value])
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }
}
