// The patient's care team as the notebook needs it: whom a post can be
// addressed to (the post box) and the names of those a post is addressed to
// (the timeline). Loaded when the notebook opens and again when a live event
// says the team changed; a failed load keeps what was there.
import { readonly, ref, type Ref } from 'vue'
import { ApiError } from '../../api/client'
import type { TeamMember } from '../../api/types'
import { useApi } from '../../api/useApi'
import { onLiveEvent } from '../live/useLiveUpdates'
import { listMembers } from '../patients/patientsApi'

export interface TeamMembers {
  /** The current members, everyone included (the caller too). */
  members: Readonly<Ref<readonly TeamMember[]>>
  loaded: Readonly<Ref<boolean>>
  loading: Readonly<Ref<boolean>>
  /** Why the last load failed, or ''. */
  error: Readonly<Ref<string>>
  load: () => Promise<void>
  /** The member's name, or undefined for someone no longer on the team. */
  nameOf: (userId: string) => string | undefined
}

/** Call in a component's setup (it listens to live events until unmounted). */
export function useTeamMembers(patientId: () => string): TeamMembers {
  const api = useApi()
  const members = ref<TeamMember[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref('')
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    const id = patientId()
    loading.value = true
    try {
      const items = await listMembers(api, id)
      if (mine !== generation) return
      members.value = items
      loaded.value = true
      error.value = ''
    } catch (e) {
      if (mine === generation) error.value = e instanceof ApiError ? e.message : 'チームのメンバーを読み込めませんでした。'
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  onLiveEvent((event) => {
    if (event.type === 'team.changed' && event.patient_id === patientId()) void load()
  })

  return {
    members: readonly(members) as Readonly<Ref<readonly TeamMember[]>>,
    loaded: readonly(loaded),
    loading: readonly(loading),
    error: readonly(error),
    load,
    nameOf: (userId) => members.value.find((m) => m.user_id === userId)?.name,
  }
}
