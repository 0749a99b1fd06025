// Splits plain text into text and http(s) links, so that user text is never
// parsed as HTML: the caller builds text nodes and <a> elements from the parts.
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const urlPattern = /https?:\/\/[^\s<>"'「」『』（）【】、。！？]+/g
// Trailing characters that usually end the sentence rather than the URL.
const trailing = /[.,;:!?)\]}'"]+$/

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index ?? 0
    let url = match[0]
    const tail = trailing.exec(url)
    if (tail) url = url.slice(0, url.length - tail[0].length)
    if (!isSafeUrl(url)) continue
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: url, href: url })
    last = start + url.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

function isSafeUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}
