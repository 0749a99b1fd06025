// Marks posts read as they are shown: one IntersectionObserver for the
// timeline, one POST /posts/{id}/read per post (never repeated), only for
// posts by others that the caller has not read yet.
import { onBeforeUnmount } from 'vue'
import type { Post } from '../../api/types'
import { useApi } from '../../api/useApi'
import { markRead } from './notebookApi'

export interface MarkRead {
  /** Watch this element for this post; does nothing for own or read posts. */
  observe: (el: Element, post: Post) => void
  unobserve: (el: Element) => void
}

export function useMarkRead(myId: () => string | undefined, onMarked: (postId: string) => void): MarkRead {
  const api = useApi()
  const done = new Set<string>()
  const posts = new WeakMap<Element, Post>()

  const observer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue
              const viewport = entry.rootBounds?.height ?? window.innerHeight
              // Half of the post, or of the screen for posts taller than it, is in view.
              const shown = entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= viewport * 0.5
              if (!shown) continue
              const post = posts.get(entry.target)
              observer?.unobserve(entry.target)
              if (post) send(post)
            }
          },
          { threshold: [0, 0.25, 0.5, 0.75, 1] },
        )

  function send(post: Post): void {
    if (done.has(post.id)) return
    done.add(post.id)
    markRead(api, post.id).then(
      () => onMarked(post.id),
      () => done.delete(post.id), // not marked: the next load of the timeline tries again
    )
  }

  function observe(el: Element, post: Post): void {
    if (post.read_by_me || post.author_id === myId() || done.has(post.id)) return
    posts.set(el, post)
    if (observer) observer.observe(el)
    else send(post)
  }

  function unobserve(el: Element): void {
    observer?.unobserve(el)
    posts.delete(el)
  }

  onBeforeUnmount(() => observer?.disconnect())
  return { observe, unobserve }
}
