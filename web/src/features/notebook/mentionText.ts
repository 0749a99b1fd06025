// "@名前" in a post's text. The ids sent as `mention_user_ids` decide who a
// post is addressed to; the text is only for readers. These helpers find the
// "@..." being typed before the caret and put names in or take them out.

/** "@" or the full-width "＠" a Japanese keyboard types. */
const atSigns = '@＠'
/** The "@..." right before the caret: after the start or a space, up to 20 characters without spaces. */
const typingPattern = /(?:^|[\s\u3000])([@＠])([^\s\u3000@＠]{0,20})$/

export interface MentionQuery {
  /** Where the "@" is. */
  start: number
  /** What follows it, up to the caret. */
  query: string
}

/** The mention being typed at `caret`, or null when the caret is not right after "@...". */
export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  const match = typingPattern.exec(text.slice(0, caret))
  if (!match) return null
  const query = match[2] ?? ''
  return { start: caret - query.length - 1, query }
}

/** Lower case, without spaces, half-width: "佐藤 健一" and "佐藤健一" compare equal. */
export function normaliseName(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase()
}

/** Whether `name` fits what was typed after "@" (anywhere in the name, spaces ignored). */
export function nameMatches(name: string, query: string): boolean {
  const q = normaliseName(query)
  return q === '' || normaliseName(name).includes(q)
}

/**
 * Replaces text[from, to) with "@name " (a space before it too when it would
 * touch the previous word); returns the new text and where the caret goes.
 */
export function insertMention(text: string, from: number, to: number, name: string): { text: string; caret: number } {
  const before = text.slice(0, from)
  const after = text.slice(to)
  const gap = before === '' || /[\s\u3000]$/.test(before) ? '' : ' '
  const mention = `${gap}@${name}${/^[\s\u3000]/.test(after) ? '' : ' '}`
  return { text: before + mention + after, caret: before.length + mention.length }
}

/** The text without its first "@name" (and one space after it), or the text as it was. */
export function removeMention(text: string, name: string): string {
  for (const at of atSigns) {
    const token = `${at}${name}`
    let from = 0
    for (;;) {
      const i = text.indexOf(token, from)
      if (i < 0) break
      const end = i + token.length
      const next = text.charAt(end)
      // A whole name only: "@佐藤 健一" but not "@佐藤 健一郎".
      if (next === '' || /[\s\u3000、。,.!?！？]/.test(next)) {
        const drop = next === ' ' || next === '\u3000' ? end + 1 : end
        return text.slice(0, i) + text.slice(drop)
      }
      from = end
    }
  }
  return text
}
