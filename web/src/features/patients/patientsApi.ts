// Patients, consent and care teams.
import type { ApiClient } from '../../api/client'
import type {
  Page,
  Patient,
  PatientRequest,
  PatientUpdate,
  Professional,
  Profession,
  TeamMember,
  TeamRole,
  UnreadCounts,
} from '../../api/types'

const enc = encodeURIComponent

/** The caller's patients, most recent activity first. */
export function listMyPatients(api: ApiClient): Promise<Patient[]> {
  return api.getAll<Patient>('/api/v1/patients')
}

export function getPatient(api: ApiClient, id: string): Promise<Patient> {
  return api.get<Patient>(`/api/v1/patients/${enc(id)}`)
}

export function createPatient(api: ApiClient, body: PatientRequest): Promise<Patient> {
  return api.post<Patient>('/api/v1/patients', body)
}

export function updatePatient(api: ApiClient, id: string, body: PatientUpdate): Promise<Patient> {
  return api.patch<Patient>(`/api/v1/patients/${enc(id)}`, body)
}

export function withdrawConsent(api: ApiClient, id: string, reason: string): Promise<Patient> {
  return api.post<Patient>(`/api/v1/patients/${enc(id)}/consent/withdraw`, { reason })
}

export function getMyUnread(api: ApiClient): Promise<UnreadCounts> {
  return api.get<UnreadCounts>('/api/v1/me/unread')
}

export async function listMembers(api: ApiClient, patientId: string): Promise<TeamMember[]> {
  const page = await api.get<Page<TeamMember>>(`/api/v1/patients/${enc(patientId)}/members`)
  return page.items
}

/** role "member" adds; role "lead" hands the lead to an existing member (the caller becomes a member). */
export function addMember(api: ApiClient, patientId: string, userId: string, role: TeamRole): Promise<TeamMember> {
  return api.post<TeamMember>(`/api/v1/patients/${enc(patientId)}/members`, { user_id: userId, role })
}

/** By the lead: lets a member add and remove members, or takes it back. */
export function setManagesTeam(api: ApiClient, patientId: string, userId: string, managesTeam: boolean): Promise<TeamMember> {
  return api.patch<TeamMember>(`/api/v1/patients/${enc(patientId)}/members/${enc(userId)}`, { manages_team: managesTeam })
}

/** By the lead or a member the lead allows, or by a member leaving. */
export function removeMember(api: ApiClient, patientId: string, userId: string): Promise<void> {
  return api.delete(`/api/v1/patients/${enc(patientId)}/members/${enc(userId)}`)
}

export async function searchProfessionals(
  api: ApiClient,
  query: { q?: string; profession?: Profession | ''; region_id?: string; organization_id?: string },
  limit = 20,
): Promise<Professional[]> {
  const page = await api.get<Page<Professional>>('/api/v1/professionals', { query: { ...query, limit } })
  return page.items
}
