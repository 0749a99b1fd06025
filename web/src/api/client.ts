// The one door from the UI to the server: adds X-CSRF-Token, parses the error
// format, and reports 401 (and the TOTP-enrolment lock) to one handler each.
import type { ErrorBody, Page } from './types'

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** Message for each invalid field (400), keyed by the request's field name. */
  readonly fields: Readonly<Record<string, string>>
  /** The whole JSON answer, for errors that carry more (the CSV import's 422 report). */
  readonly body: unknown

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, body: unknown = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.body = body
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** A multipart/form-data body (uploads); the browser sets its Content-Type. */
  form?: FormData
  /** A body sent as it is with this Content-Type (CSV files). */
  raw?: { data: Blob | ArrayBuffer | string; type: string }
  /**
   * The caller expects 401 as an ordinary answer (sign-in with a wrong
   * password, asking whether a session exists) and handles it itself.
   */
  allowUnauthenticated?: boolean
}

const csrfStorageKey = 'tsunagu.csrf_token'
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class ApiClient {
  /** Called after a 401 on a request that did not expect one. */
  onUnauthenticated: (() => void) | null = null
  /** Called after a 403 `totp_enrolment_required`. */
  onEnrolmentRequired: (() => void) | null = null

  private readonly storage: Storage
  private readonly fetchImpl: typeof fetch

  constructor(storage: Storage = window.sessionStorage, fetchImpl: typeof fetch = window.fetch.bind(window)) {
    this.storage = storage
    this.fetchImpl = fetchImpl
  }

  /** Keeps the token for this tab; sessionStorage survives a reload but not the tab. */
  setCsrfToken(token: string | null): void {
    if (token === null) this.storage.removeItem(csrfStorageKey)
    else this.storage.setItem(csrfStorageKey, token)
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options)
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body })
  }
  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body })
  }
  delete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options)
  }

  /** Follows `next` cursors until the last page (at most `maxPages`). */
  async getAll<T>(path: string, query: Query = {}, maxPages = 20): Promise<T[]> {
    const items: T[] = []
    let before: string | null = null
    for (let page = 0; page < maxPages; page++) {
      const result: Page<T> = await this.get<Page<T>>(path, {
        query: { ...query, limit: 100, before: before ?? undefined },
      })
      items.push(...result.items)
      if (!result.next) break
      before = result.next
    }
    return items
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (options.form !== undefined) {
      init.body = options.form
    } else if (options.raw !== undefined) {
      headers['Content-Type'] = options.raw.type
      init.body = options.raw.data
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }
    const token = this.storage.getItem(csrfStorageKey)
    if (token && unsafeMethods.has(method)) headers['X-CSRF-Token'] = token

    let response: Response
    try {
      response = await this.fetchImpl(withQuery(path, options.query), init)
    } catch {
      throw new ApiError(0, 'network_error', 'サーバーに接続できません。通信環境を確認して、もう一度お試しください。')
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T
      const text = await response.text()
      return (text ? JSON.parse(text) : undefined) as T
    }

    const error = await parseError(response)
    if (error.status === 401 && !options.allowUnauthenticated) {
      this.setCsrfToken(null)
      this.onUnauthenticated?.()
    } else if (error.status === 403 && error.code === 'totp_enrolment_required') {
      this.onEnrolmentRequired?.()
    }
    throw error
  }
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

async function parseError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null
  try {
    body = (await response.json()) as Partial<ErrorBody>
  } catch {
    // Not our JSON (a proxy's error page, for example): fall through.
  }
  const e = body?.error
  if (e && typeof e.code === 'string') {
    return new ApiError(response.status, e.code, e.message || fallbackMessage(response.status), e.fields ?? {}, body)
  }
  return new ApiError(response.status, 'http_error', fallbackMessage(response.status))
}

function fallbackMessage(status: number): string {
  switch (status) {
    case 401:
      return 'サインインが必要です。'
    case 403:
      return 'この操作は許可されていません。'
    case 404:
      return '見つかりませんでした。'
    case 429:
      return '試行回数が多すぎます。しばらく待ってからお試しください。'
    default:
      return status >= 500
        ? `サーバーでエラーが発生しました（${status}）。しばらく待ってからお試しください。`
        : `リクエストを処理できませんでした（${status}）。`
  }
}
