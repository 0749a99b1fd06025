// The notebook (連絡帳): posts, their history, comments and read receipts.
import type { ApiClient } from '../../api/client'
import type {
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
