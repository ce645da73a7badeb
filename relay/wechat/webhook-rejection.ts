/** Why a webhook request was refused: stable codes the HTTP layer logs, counts and maps to a status. */
export type WebhookRejectionReason =
  | 'missing_signature'
  | 'bad_signature'
  | 'plaintext_refused'
  | 'stale_timestamp'
  | 'bad_timestamp'
  | 'bad_base64'
  | 'bad_padding'
  | 'bad_length'
  | 'wrong_appid'
  | 'forbidden_doctype'
  | 'malformed_body'
  | 'unsupported_body'
  | 'missing_field'
  | 'not_configured'
  // A path naming no account the relay serves: nothing is verified or stored.
  | 'unknown_account'

/** A webhook request (or a configured key) that cannot be trusted or understood; `reason` is stable. */
export class WebhookRejection extends Error {
  override readonly name = 'WebhookRejection'

  constructor(
    readonly reason: WebhookRejectionReason,
    message: string,
  ) {
    super(`${reason}: ${message}`)
  }
}
