// Live updates: one WebSocket per tab to /api/v1/live, opened after sign-in
// and closed on sign-out. The server only talks (JSON text frames naming what
// changed); pages subscribe with onLiveEvent() and refetch what they show.
// When the socket is down, pages fall back to polling or to refreshing when
// it comes back (watch liveConnected).
import { getCurrentInstance, onBeforeUnmount, readonly, ref } from 'vue'

export type LiveEventType =
  | 'post.created'
  | 'post.updated'
  | 'comment.created'
  | 'post.read'
  | 'team.changed'
  | 'patient.withdrawn'

export interface LiveEvent {
  type: LiveEventType
  patient_id: string
  post_id?: string
}

export type LiveHandler = (event: LiveEvent) => void

const liveEventTypes: ReadonlySet<string> = new Set<LiveEventType>([
  'post.created',
  'post.updated',
  'comment.created',
  'post.read',
  'team.changed',
  'patient.withdrawn',
])

export const liveUrlPath = '/api/v1/live'
const minDelayMs = 1_000
const maxDelayMs = 30_000
/** A connection that lasted this long was a good one: the next retry starts again at 1 s. */
const stableMs = 10_000

const connected = ref(false)
/** True while the socket is open; for the status dot and for fallback polling. */
export const liveConnected = readonly(connected)

const handlers = new Set<LiveHandler>()
let socket: WebSocket | null = null
let wanted = false
let attempt = 0
let openedAt = 0
let retryTimer: ReturnType<typeof setTimeout> | null = null
let listening = false
/** Attempts in a row that never opened (a refused upgrade looks the same as a lost network). */
let refusedInARow = 0
let refusedHandler: ((failures: number) => void) | null = null

/**
 * Called when attempts keep failing before the socket opens. The browser does
 * not tell why; the app can ask the API whether the session is still there
 * (a 401 then signs out, which stops the retries).
 */
export function setLiveRefusedHandler(handler: ((failures: number) => void) | null): void {
  refusedHandler = handler
}

function liveUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${window.location.host}${liveUrlPath}`
}

function parse(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null
  try {
    const value = JSON.parse(data) as Partial<LiveEvent> | null
    if (!value || typeof value.type !== 'string' || !liveEventTypes.has(value.type)) return null
    if (typeof value.patient_id !== 'string') return null
    const event: LiveEvent = { type: value.type, patient_id: value.patient_id }
    if (typeof value.post_id === 'string') event.post_id = value.post_id
    return event
  } catch {
    return null
  }
}

function dispatch(event: LiveEvent): void {
  for (const handler of [...handlers]) {
    try {
      handler(event)
    } catch (error) {
      console.warn('live update handler failed', error)
    }
  }
}

function connect(): void {
  if (!wanted || socket) return
  if (retryTimer) clearTimeout(retryTimer)
  retryTimer = null
  let ws: WebSocket
  try {
    ws = new WebSocket(liveUrl())
  } catch {
    scheduleRetry()
    return
  }
  socket = ws
  ws.onopen = () => {
    if (socket !== ws) return
    openedAt = Date.now()
    refusedInARow = 0
    connected.value = true
  }
  ws.onmessage = (message: MessageEvent) => {
    if (socket !== ws) return
    const event = parse(message.data)
    if (event) dispatch(event)
  }
  // A refused upgrade (401/403), a network loss or a server restart all end here.
  ws.onclose = () => {
    if (socket !== ws) return
    socket = null
    connected.value = false
    if (openedAt && Date.now() - openedAt >= stableMs) attempt = 0
    if (!openedAt) refusedHandler?.(++refusedInARow)
    openedAt = 0
    scheduleRetry()
  }
  ws.onerror = () => {
    // onclose follows and retries.
  }
}

function scheduleRetry(): void {
  if (!wanted || retryTimer) return
  // Exponential backoff with jitter: 1 s, 2 s, 4 s … up to 30 s, each drawn from [half, full].
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt)
  attempt++
  const delay = ceiling / 2 + Math.random() * (ceiling / 2)
  retryTimer = setTimeout(() => {
    retryTimer = null
    // A hidden tab waits for visibilitychange; an offline one for `online`.
    if (document.visibilityState === 'hidden' || navigator.onLine === false) return
    connect()
  }, delay)
}

/** Back online, or the tab is shown again: try now instead of waiting out the backoff. */
function retryNow(): void {
  if (!wanted || socket) return
  if (document.visibilityState === 'hidden') return
  attempt = 0
  connect()
}

function onVisibility(): void {
  if (document.visibilityState === 'visible') retryNow()
}

function listen(on: boolean): void {
  if (on === listening) return
  listening = on
  const method = on ? 'addEventListener' : 'removeEventListener'
  window[method]('online', retryNow)
  document[method]('visibilitychange', onVisibility)
}

/** Opens the tab's connection (after sign-in); calling it again does nothing. */
export function startLiveUpdates(): void {
  if (typeof WebSocket === 'undefined') return
  if (wanted) return
  wanted = true
  attempt = 0
  refusedInARow = 0
  listen(true)
  connect()
}

/** Closes the connection and stops retrying (sign-out, or the session is gone). */
export function stopLiveUpdates(): void {
  wanted = false
  listen(false)
  if (retryTimer) clearTimeout(retryTimer)
  retryTimer = null
  const ws = socket
  socket = null
  connected.value = false
  openedAt = 0
  if (ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null
    try {
      ws.close(1000, 'signed out')
    } catch {
      // Already closing.
    }
  }
}

/**
 * Calls `handler` for every live event until the returned function is called;
 * inside a component's setup it also stops when the component is unmounted.
 */
export function onLiveEvent(handler: LiveHandler): () => void {
  handlers.add(handler)
  const off = () => {
    handlers.delete(handler)
  }
  if (getCurrentInstance()) onBeforeUnmount(off)
  return off
}

// Leaving a team or withdrawing consent in this tab also comes back as a live
// event; the page that did it navigates itself, so others should not.
const expected = new Map<string, number>()

/** This tab is about to take itself off the patient (leave the team, withdraw consent). */
export function expectDeparture(patientId: string): void {
  expected.set(patientId, Date.now())
}

/** Whether this tab recently started a departure from the patient itself. */
export function departureExpected(patientId: string): boolean {
  const at = expected.get(patientId)
  if (at === undefined) return false
  if (Date.now() - at > 60_000) {
    expected.delete(patientId)
    return false
  }
  return true
}

/** The departure did not happen after all (the request failed). */
export function clearDeparture(patientId: string): void {
  expected.delete(patientId)
}
