/**
 * The asynchronous face of a repository written once as a synchronous interface: each method answers a
 * promise of what the synchronous one returns. SQLite's repositories implement the synchronous interface
 * (better-sqlite3 answers in the call); PostgreSQL's implement this one; the relay's domain sees only this.
 */
export type Awaiting<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K]
}

/** The asynchronous face of `repository`: the same methods, each answering a settled promise. */
export function awaiting<T extends object>(repository: T): Awaiting<T> {
  const wrapped: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(repository)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return Promise.resolve((value as (...a: unknown[]) => unknown).apply(repository, args))
            } catch (error) {
              return Promise.reject(error)
            }
          }
        : value
  }
  return wrapped as Awaiting<T>
}
