// Who is signed in, kept for the whole app. Created once in main.ts and
// provided to components; the router guards get the same instance.
import { computed, inject, reactive, readonly, type InjectionKey } from 'vue'
import { ApiError, type ApiClient } from '../../api/client'
import type { Session, User } from '../../api/types'

interface SessionState {
  user: User | null
  /** The region requires TOTP and the user has none yet: only the profile is usable. */
  totpEnrolmentRequired: boolean
}

export function createSessionStore(api: ApiClient) {
  const state = reactive<SessionState>({ user: null, totpEnrolmentRequired: false })
  let restoring: Promise<void> | null = null

  function apply(session: Session): void {
    api.setCsrfToken(session.csrf_token)
    state.user = session.user
    state.totpEnrolmentRequired = session.totp_enrolment_required
  }

  /** Drops what we know locally (the server said the session is gone). */
  function forget(): void {
    api.setCsrfToken(null)
    state.user = null
    state.totpEnrolmentRequired = false
  }

  /**
   * Asks the server once per page load whether the cookie still holds a
   * session; that also recovers the CSRF token after a reload.
   */
  function restore(): Promise<void> {
    restoring ??= api
      .get<Session>('/api/v1/session', { allowUnauthenticated: true })
      .then(apply)
      .catch((error: unknown) => {
        forget()
        if (!(error instanceof ApiError && error.status === 401)) {
          console.warn('could not restore the session', error)
        }
      })
    return restoring
  }

  /** Throws ApiError; code `totp_required` means: ask for the code and call again with it. */
  async function signIn(login: string, password: string, totp?: string): Promise<Session> {
    const session = await api.post<Session>(
      '/api/v1/session',
      totp ? { login, password, totp } : { login, password },
      { allowUnauthenticated: true },
    )
    apply(session)
    restoring = Promise.resolve()
    return session
  }

  async function signOut(): Promise<void> {
    try {
      await api.delete('/api/v1/session', { allowUnauthenticated: true })
    } finally {
      forget()
    }
  }

  /** After the profile changed on the server (TOTP confirmed, password changed). */
  function replaceUser(user: User): void {
    state.user = user
    if (user.totp_enabled) state.totpEnrolmentRequired = false
  }

  const isAdmin = computed(
    () => state.user?.roles.some((role) => role === 'system_admin' || role === 'region_admin') ?? false,
  )

  return {
    state: readonly(state),
    isAdmin,
    restore,
    signIn,
    signOut,
    forget,
    replaceUser,
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>

export const sessionKey: InjectionKey<SessionStore> = Symbol('session')

export function useSession(): SessionStore {
  const session = inject(sessionKey)
  if (!session) throw new Error('useSession() called outside the app: session store not provided')
  return session
}
