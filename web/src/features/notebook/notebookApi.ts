// The notebook (連絡帳): posts, their history, comments and read receipts.
import type { ApiClient } from '../../api/client'
import type {
  Attachment,
  Comment,
  Page,
  Post,
  PostCategory,
  PostRequest,
  PostUpdate,
  PostVersion,
  ReadReceipt,
} from '../../api/types'

const enc = encodeURIComponent

export interface PostFilter {
  category?: PostCategory | ''
  author_id?: string
  urgent?: boolean
  /** YYYY-MM-DD, inclusive */
  from?: string
  to?: string
}

export function listPosts(
  api: ApiClient,
  patientId: string,
  filter: PostFilter,
  before: string | null,
  limit = 20,
): Promise<Page<Post>> {
  return api.get<Page<Post>>(`/api/v1/patients/${enc(patientId)}/posts`, {
    query: {
      category: filter.category,
      author_id: filter.author_id,
      urgent: filter.urgent ? 'true' : undefined,
      from: filter.from,
      to: filter.to,
      before: before ?? undefined,
      limit,
    },
  })
}

export function createPost(api: ApiClient, patientId: string, body: PostRequest): Promise<Post> {
  return api.post<Post>(`/api/v1/patients/${enc(patientId)}/posts`, body)
}

/** The largest file the server accepts (API.md: 20 MiB). */
export const maxAttachmentBytes = 20 * 1024 * 1024
/** What a person is told when a chosen file is larger than that. */
export const attachmentTooLarge = '20MBを超えるファイルは添付できません。'

/** Uploads a photo or PDF; post it by passing its id in `attachment_ids`. */
export function uploadAttachment(api: ApiClient, file: File): Promise<Attachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  return api.request<Attachment>('POST', '/api/v1/attachments', { form })
}

export function attachmentUrl(id: string, thumbnail = false): string {
  return `/api/v1/attachments/${enc(id)}${thumbnail ? '/thumbnail' : ''}`
}

export function getPost(api: ApiClient, postId: string): Promise<Post> {
  return api.get<Post>(`/api/v1/posts/${enc(postId)}`)
}

export function updatePost(api: ApiClient, postId: string, body: PostUpdate): Promise<Post> {
  return api.patch<Post>(`/api/v1/posts/${enc(postId)}`, body)
}

export function withdrawPost(api: ApiClient, postId: string, reason: string): Promise<Post> {
  return api.post<Post>(`/api/v1/posts/${enc(postId)}/withdraw`, { reason })
}

export async function getPostHistory(api: ApiClient, postId: string): Promise<PostVersion[]> {
  const page = await api.get<Page<PostVersion>>(`/api/v1/posts/${enc(postId)}/history`)
  return page.items
}

export function listComments(api: ApiClient, postId: string): Promise<Comment[]> {
  return api.getAll<Comment>(`/api/v1/posts/${enc(postId)}/comments`)
}

export function createComment(api: ApiClient, postId: string, body: string): Promise<Comment> {
  return api.post<Comment>(`/api/v1/posts/${enc(postId)}/comments`, { body })
}

export function markRead(api: ApiClient, postId: string): Promise<unknown> {
  return api.post(`/api/v1/posts/${enc(postId)}/read`)
}

export async function listReads(api: ApiClient, postId: string): Promise<ReadReceipt[]> {
  const page = await api.get<Page<ReadReceipt>>(`/api/v1/posts/${enc(postId)}/reads`)
  return page.items
}
