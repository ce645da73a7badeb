/** Why a relay address cannot be used: not an http(s) URL, or plain http:// across the network. */
export type RelayUrlRefusal = 'malformed' | 'insecure'

/** The refusals in plain English, as main answers them (the console shows its own translation). */
export const RELAY_URL_REFUSAL_MESSAGES: Readonly<Record<RelayUrlRefusal, string>> = {
  malformed: 'The relay address must start with https:// (or http:// for a relay on this computer).',
  insecure:
    'Kefu does not sign in over http:// to another computer: your password and session would cross the ' +
    "network unencrypted. Use the relay's https:// address (http:// is only for a relay on this computer).",
}

/**
 * Whether a desktop may sign in at `url`. https:// anywhere; http:// only to this computer (127.0.0.0/8,
 * ::1, localhost), since otherwise the password and the session token cross the network in the clear.
 * Answers null when the address may be used.
 */
export function relayUrlRefusalOf(url: string): RelayUrlRefusal | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'malformed'
  }
  if (parsed.protocol === 'https:') return null
  if (parsed.protocol !== 'http:') return 'malformed'
  return isLoopback(parsed.hostname) ? null : 'insecure'
}

function isLoopback(hostname: string): boolean {
  // The URL parser has already normalised the host: `127.1` reads `127.0.0.1`, IPv6 keeps its brackets.
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}
