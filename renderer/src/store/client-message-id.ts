/** A fresh echo id for an outgoing message or note: a resend with the same id is not a second message. */
export function clientMessageId(): string {
  return globalThis.crypto.randomUUID()
}
