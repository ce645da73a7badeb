import type { Awaiting } from '../../awaiting.js'
import { TAG_COLUMNS, tagOf, type TagRepository, type TagRow } from '../../tag-repository.js'
import { rowOf, rowsOf, type Queryable } from '../queryable.js'

// Names compare and sort as SQLite's NOCASE column does: ASCII letters folded (migration 0004).
const NAME_KEY = 'lower(name COLLATE "C")'

export function createPostgresTagRepository(db: Queryable): Awaiting<TagRepository> {
  async function one(where: string, value: string) {
    const row = await rowOf<TagRow>(db, `SELECT ${TAG_COLUMNS} FROM tags WHERE ${where}`, [value])
    return row === undefined ? null : tagOf(row)
  }
  return {
    list: async () =>
      (await rowsOf<TagRow>(db, `SELECT ${TAG_COLUMNS} FROM tags ORDER BY ${NAME_KEY}, id`)).map(tagOf),
    get: (id) => one('id = $1', id),
    findByName: (name) => one(`${NAME_KEY} = lower($1 COLLATE "C")`, name),
    async insert(tag, createdBy, createdAt) {
      await db.query(
        `INSERT INTO tags (id, name, color, account_keys_json, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [tag.id, tag.name, tag.color, JSON.stringify(tag.accountKeys), createdBy, createdAt],
      )
    },
    async update(tag) {
      await db.query('UPDATE tags SET name = $1, color = $2, account_keys_json = $3 WHERE id = $4', [
        tag.name,
        tag.color,
        JSON.stringify(tag.accountKeys),
        tag.id,
      ])
    },
  }
}
