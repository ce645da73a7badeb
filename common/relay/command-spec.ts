import type { z } from 'zod'
import type { Action } from './actions.js'
import type { RelayErrorCode } from './errors.js'
import type { RelayPath } from './routes.js'

/**
 * The REST side of a command. Its request is the command's, gathered from the path (`params` names the
 * request field each path parameter fills), the headers it names, then the JSON body (or the query of a
 * `GET` or `DELETE`).
 */
export interface RestTwin {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly path: string | RelayPath
  /** Path parameter → request field, e.g. `{id: 'conversationId'}`. */
  readonly params?: Readonly<Record<string, string>>
  /** Request header (lower case) → request field, e.g. `{'x-file-name': 'fileName'}`. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * What the body is: JSON (the default); `raw-image`, a picture's bytes (`image/*`) that fill the
   * request's `data`; `json-with-image`, JSON that may carry a picture as base64, so its size limit is
   * the picture's.
   */
  readonly body?: 'json' | 'raw-image' | 'json-with-image'
  /** No bearer token: signing in and the API's own document. */
  readonly isPublic?: boolean
  /** The success status; 204 answers no body. Default 200. */
  readonly status?: number
  /** The status when an idempotent create found the request stored already (e.g. a note sent twice). */
  readonly repeatedStatus?: number
}

/** One command of the relay: what it takes, what it answers, who may run it, and its REST twin. */
export interface CommandSpec {
  /** What it does, for the OpenAPI document and for readers. */
  readonly summary: string
  readonly request: z.ZodType
  readonly answer: z.ZodType
  /**
   * Checked by the registrars against the user as they are now, before the handler runs; null: any
   * signed-in user (or anyone, for a public route). Whether the user may touch one conversation, or one
   * user's own things, is the domain's to decide, since it reads them anyway (the same `can`).
   */
  readonly permission: Action | null
  /** Refusals it may answer beyond `invalid` and `unauthorized`, for the OpenAPI document. */
  readonly errors: readonly RelayErrorCode[]
  /** False for REST-only routes (answers a desktop reads over HTTP). Default true. */
  readonly isSocket?: boolean
  readonly rest?: RestTwin
  /**
   * The console runs it as it is, through the desktop's one pass-through channel (`relay:call`): the
   * desktop core adds the session's token, sends it by its `rest` side and hands back the answer parsed
   * with `answer`. Nothing on the desktop follows from it but what the console shows (the replica hears
   * its events like any other), so a command marked so needs no desktop code of its own.
   */
  readonly isConsoleCall?: boolean
}

/** The command table's shape. */
export type CommandTable = Readonly<Record<string, CommandSpec>>
