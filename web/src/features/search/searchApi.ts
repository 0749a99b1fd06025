// Notebook search: posts on every patient of the caller's care teams (or one
// patient's), newest first, each with the patient's name.
import type { ApiClient } from '../../api/client'
import type { Page, Post } from '../../api/types'

/** A post as the search answers it: with the name of the patient it is about. */
export type FoundPost = Post & { patient_name: string }

/** The server accepts 1..100 characters (code points). */
export const maxQueryLength = 100

export function searchPosts(
  api: ApiClient,
  q: string,
  patientId: string | null,
  before: string | null,
  limit = 20,
): Promise<Page<FoundPost>> {
  return api.get<Page<FoundPost>>('/api/v1/posts', {
    query: { q, patient_id: patientId ?? undefined, before: before ?? undefined, limit },
  })
}
