import type { Database } from 'better-sqlite3'
import type { Tag } from '../../common/domain/conversation.js'

/** Tags as rows, listed by name. */
export interface TagRepository {
  list(): Tag[]
  get(id: string): Tag | null
  findByName(name: string): Tag | null
  insert(tag: Tag, createdBy: string, createdAt: number): void
  /** Writes the tag's name and colour over the row with its id. */
  update(tag: Tag): void
}

interface TagRow {
  id: string
  name: string
  color: string
}

/** Prepares the tag statements once on `database`. */
export function createTagRepository(database: Database): TagRepository {
  const list = database.prepare<[], TagRow>('SELECT id, name, color FROM tags ORDER BY name')
  const byId = database.prepare<[string], TagRow>('SELECT id, name, color FROM tags WHERE id = ?')
  const byName = database.prepare<[string], TagRow>('SELECT id, name, color FROM tags WHERE name = ?')
  const insert = database.prepare(
    'INSERT INTO tags (id, name, color, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
  )
  const update = database.prepare('UPDATE tags SET name = ?, color = ? WHERE id = ?')
  return {
    list: () => list.all().map(tagOf),
    get: (id) => tagOrNull(byId.get(id)),
    findByName: (name) => tagOrNull(byName.get(name)),
    insert(tag, createdBy, createdAt) {
      insert.run(tag.id, tag.name, tag.color, createdBy, createdAt)
    },
    update(tag) {
      update.run(tag.name, tag.color, tag.id)
    },
  }
}

function tagOrNull(row: TagRow | undefined): Tag | null {
  return row === undefined ? null : tagOf(row)
}

export function tagOf(row: TagRow): Tag {
  return { id: row.id, name: row.name, color: row.color }
}
