// What the printed notebook needs: every post of a period (all pages, oldest
// first for reading on paper) with its comments, the care team and who prints.
import type { ApiClient } from '../../api/client'
import type { Comment, Post, TeamMember, User } from '../../api/types'
import { listComments, listPosts } from '../notebook/notebookApi'
import { listMembers } from '../patients/patientsApi'

/** 100 posts a page: at most this many posts are printed at once. */
export const maxPrintPages = 50

export interface PrintPost {
  post: Post
  comments: Comment[]
}

export interface PrintData {
  posts: PrintPost[]
  /** The period has more posts than maxPrintPages pages: the oldest are missing. */
  truncated: boolean
  members: TeamMember[]
  printedBy: User
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar day as YYYY-MM-DD (not 2024-02-30). */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !datePattern.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function byTime<T extends { created_at: string; id: string }>(a: T, b: T): number {
  const ta = Date.parse(a.created_at)
  const tb = Date.parse(b.created_at)
  if (ta !== tb) return ta - tb
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Every post from `from` to `to` (inclusive, Japan time), oldest first. */
export async function listAllPosts(
  api: ApiClient,
  patientId: string,
  from: string,
  to: string,
): Promise<{ posts: Post[]; truncated: boolean }> {
  const posts: Post[] = []
  let before: string | null = null
  for (let page = 0; page < maxPrintPages; page++) {
    const result = await listPosts(api, patientId, { from, to }, before, 100)
    posts.push(...result.items)
    before = result.next
    if (!before) break
  }
  posts.sort(byTime)
  return { posts, truncated: before !== null }
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let nextIndex = 0
  async function worker(): Promise<void> {
    while (nextIndex < items.length) {
      const i = nextIndex++
      results[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export async function loadPrintData(api: ApiClient, patientId: string, from: string, to: string): Promise<PrintData> {
  const [{ posts, truncated }, members, printedBy] = await Promise.all([
    listAllPosts(api, patientId, from, to),
    listMembers(api, patientId),
    api.get<User>('/api/v1/me'),
  ])
  const withComments = await mapLimited(posts, 4, async (post) => ({
    post,
    comments: post.comment_count > 0 ? (await listComments(api, post.id)).sort(byTime) : [],
  }))
  return { posts: withComments, truncated, members, printedBy }
}
