// "わたしの利用者": the caller's patients and unread counts, kept fresh by
// live updates (any event refetches, debounced), and by a slow poll while
// the live connection is down and the page is visible.
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import { ApiError } from '../../api/client'
import type { Patient, UnreadCounts } from '../../api/types'
import { useApi } from '../../api/useApi'
import { liveConnected, onLiveEvent } from '../live/useLiveUpdates'
import { getMyUnread, listMyPatients } from './patientsApi'

export interface PatientList {
  patients: Ref<Patient[]>
  unread: Ref<UnreadCounts | null>
  /** True until the first answer (or failure). */
  loading: Ref<boolean>
  error: Ref<string>
  /** Time of the last refresh, for relative times ("3分前"). */
  now: Ref<number>
  refresh: () => Promise<void>
}

/** Fallback polling while the live connection is down. */
export const patientListPollMs = 60_000
/** Events come in bursts (a post, then its reads): one refetch for them. */
export const patientListDebounceMs = 300

/** Newest activity first: last post, or registration for patients without posts. */
function byActivity(a: Patient, b: Patient): number {
  const ta = Date.parse(a.last_post_at ?? a.created_at) || 0
  const tb = Date.parse(b.last_post_at ?? b.created_at) || 0
  return tb - ta
}

export function usePatientList(pollMs = patientListPollMs): PatientList {
  const api = useApi()
  const patients = ref<Patient[]>([])
  const unread = ref<UnreadCounts | null>(null)
  const loading = ref(true)
  const error = ref('')
  const now = ref(Date.now())
  let timer: ReturnType<typeof setTimeout> | null = null
  let debounce: ReturnType<typeof setTimeout> | null = null
  let inFlight: Promise<void> | null = null
  /** Something changed while a load was running: its answer may be stale. */
  let again = false
  let stopped = false

  async function load(): Promise<void> {
    try {
      const [items, counts] = await Promise.all([listMyPatients(api), getMyUnread(api).catch(() => null)])
      patients.value = [...items].sort(byActivity)
      if (counts) unread.value = counts
      error.value = ''
    } catch (e) {
      // Keep showing the last list; say that it may be stale.
      error.value = e instanceof ApiError ? e.message : '利用者の一覧を読み込めませんでした。'
    } finally {
      now.value = Date.now()
      loading.value = false
    }
  }

  function refresh(): Promise<void> {
    if (inFlight) {
      again = true
      return inFlight
    }
    const run = async (): Promise<void> => {
      do {
        again = false
        await load()
      } while (again && !stopped)
    }
    inFlight = run().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  /** Polls only while the live connection is down and the page is shown. */
  function schedule(): void {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped || liveConnected.value || document.visibilityState !== 'visible') return
    timer = setTimeout(async () => {
      timer = null
      await refresh()
      schedule()
    }, pollMs)
  }

  function refreshSoon(): void {
    if (debounce) clearTimeout(debounce)
    debounce = setTimeout(() => {
      debounce = null
      if (!stopped) void refresh()
    }, patientListDebounceMs)
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') {
      void refresh().then(schedule)
    } else if (timer) {
      clearTimeout(timer)
      timer = null
    }
  }

  // Any change to any of my patients may move the list or its badges.
  onLiveEvent(() => refreshSoon())
  // Connected again: catch up on what happened meanwhile, then stop polling.
  // Dropped: start polling.
  watch(liveConnected, (on) => {
    if (on) void refresh()
    schedule()
  })

  // Relative times ("3分前") move on even when nothing is refetched.
  let clock: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility)
    clock = setInterval(() => (now.value = Date.now()), 30_000)
    void refresh().then(schedule)
  })
  onBeforeUnmount(() => {
    stopped = true
    if (clock) clearInterval(clock)
    document.removeEventListener('visibilitychange', onVisibility)
    if (timer) clearTimeout(timer)
    if (debounce) clearTimeout(debounce)
  })

  return { patients, unread, loading, error, now, refresh }
}
