// "わたしの利用者": the caller's patients and unread counts, kept fresh by
// polling every 15 s while the page is visible. Live updates over WebSocket
// will replace the polling here, behind the same return value.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import { ApiError } from '../../api/client'
import type { Patient, UnreadCounts } from '../../api/types'
import { useApi } from '../../api/useApi'
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

export const patientListPollMs = 15_000

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
  let inFlight: Promise<void> | null = null
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
    inFlight ??= load().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  function schedule(): void {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped || document.visibilityState !== 'visible') return
    timer = setTimeout(async () => {
      await refresh()
      schedule()
    }, pollMs)
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') {
      void refresh().then(schedule)
    } else if (timer) {
      clearTimeout(timer)
      timer = null
    }
  }

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility)
    void refresh().then(schedule)
  })
  onBeforeUnmount(() => {
    stopped = true
    document.removeEventListener('visibilitychange', onVisibility)
    if (timer) clearTimeout(timer)
  })

  return { patients, unread, loading, error, now, refresh }
}
