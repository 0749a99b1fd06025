// Finds where the searched words occur in a text, so that the caller can
// build text nodes and <mark> elements: user text is never HTML.
export type MarkPart = { text: string; match: boolean }

/**
 * Splits `text` into plain and matching parts. ASCII letters match regardless
 * of case (as the server's search does); everything else must match exactly.
 */
export function highlight(text: string, query: string): MarkPart[] {
  const q = query.trim()
  if (!q) return text ? [{ text, match: false }] : []
  const hay = asciiLower(text)
  const needle = asciiLower(q)
  const parts: MarkPart[] = []
  let last = 0
  let at = hay.indexOf(needle)
  while (at >= 0) {
    if (at > last) parts.push({ text: text.slice(last, at), match: false })
    parts.push({ text: text.slice(at, at + needle.length), match: true })
    last = at + needle.length
    at = hay.indexOf(needle, last)
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false })
  return parts
}

/** Lower-cases A-Z only, so that indexes in the result are indexes in the input. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/**
 * A long body cut to about `size` characters around the first match, with
 * "…" where text was left out; short bodies are returned whole.
 */
export function excerpt(text: string, query: string, size = 120): { text: string; cut: boolean } {
  const chars = Array.from(text) // code points: never split a surrogate pair
  if (chars.length <= size) return { text, cut: false }
  const q = query.trim()
  const unitIndex = q ? asciiLower(text).indexOf(asciiLower(q)) : -1
  const first = unitIndex > 0 ? Array.from(text.slice(0, unitIndex)).length : 0
  let start = Math.max(0, first - Math.floor(size / 4))
  const end = Math.min(chars.length, start + size)
  start = Math.max(0, end - size)
  const head = start > 0 ? '…' : ''
  const tail = end < chars.length ? '…' : ''
  return { text: head + chars.slice(start, end).join('') + tail, cut: true }
}
