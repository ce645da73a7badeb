import type { Database } from 'better-sqlite3'
import type { Tag } from '../../common/domain/conversation.js'

/** Tags as rows, listed by name. */
export interface TagRepository {
  list(): Tag[]
  get(id: string): Tag | null
  findByName(name: string): Tag | null
  insert(tag: Tag, createdBy: string, createdAt: number): void
  /** Writes the tag's name, colour and accounts over the row with its id. */
  update(tag: Tag): void
}

export interface TagRow {
  id: string
  name: string
  color: string
  account_keys_json: string
}

/** The columns a tag is read from, for both engines. */
export const TAG_COLUMNS = 'id, name, color, account_keys_json'

/** Prepares the tag statements once on `database`. */
export function createTagRepository(database: Database): TagRepository {
  const list = database.prepare<[], TagRow>(`SELECT ${TAG_COLUMNS} FROM tags ORDER BY name`)
  const byId = database.prepare<[string], TagRow>(`SELECT ${TAG_COLUMNS} FROM tags WHERE id = ?`)
  const byName = database.prepare<[string], TagRow>(`SELECT ${TAG_COLUMNS} FROM tags WHERE name = ?`)
  const insert = database.prepare(
    'INSERT INTO tags (id, name, color, account_keys_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const update = database.prepare('UPDATE tags SET name = ?, color = ?, account_keys_json = ? WHERE id = ?')
  return {
    list: () => list.all().map(tagOf),
    get: (id) => tagOrNull(byId.get(id)),
    findByName: (name) => tagOrNull(byName.get(name)),
    insert(tag, createdBy, createdAt) {
      insert.run(tag.id, tag.name, tag.color, JSON.stringify(tag.accountKeys), createdBy, createdAt)
    },
    update(tag) {
      update.run(tag.name, tag.color, JSON.stringify(tag.accountKeys), tag.id)
    },
  }
}

function tagOrNull(row: TagRow | undefined): Tag | null {
  return row === undefined ? null : tagOf(row)
}

export function tagOf(row: TagRow): Tag {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    accountKeys: JSON.parse(row.account_keys_json) as string[],
  }
}
