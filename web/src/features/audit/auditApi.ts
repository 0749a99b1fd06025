// The audit trail for administrators: records, action names, the CSV export
// and the hash-chain check.
import type { ApiClient } from '../../api/client'
import { ApiError } from '../../api/client'
import { downloadBlob } from '../../api/csv'
import type { components, operations } from '../../api/schema'
import type { Page, UserWithStatus } from '../../api/types'

export type AuditRecord = components['schemas']['AuditRecord']
export type AuditVerification = operations['verifyAudit']['responses'][200]['content']['application/json']

/** The viewer's filters; dates are `YYYY-MM-DD` in Japan time, `to` inclusive. */
export interface AuditFilters {
  user_id: string
  patient_id: string
  action: string
  from: string
  to: string
}

export function emptyFilters(): AuditFilters {
  return { user_id: '', patient_id: '', action: '', from: '', to: '' }
}

/** The filters as query parameters (empty ones left out by the client). */
export function filterQuery(f: AuditFilters): Record<string, string> {
  return { user_id: f.user_id, patient_id: f.patient_id.trim(), action: f.action, from: f.from, to: f.to }
}

export function listAudit(api: ApiClient, f: AuditFilters, before?: string): Promise<Page<AuditRecord>> {
  return api.get<Page<AuditRecord>>('/api/v1/audit', { query: { ...filterQuery(f), limit: 50, before } })
}

export async function listAuditActions(api: ApiClient): Promise<string[]> {
  return (await api.get<{ items: string[] }>('/api/v1/audit/actions')).items
}

/** People whose name, kana or login contains `q` (the admin's region only, for a region admin). */
export async function searchUsers(api: ApiClient, q: string): Promise<UserWithStatus[]> {
  return (await api.get<Page<UserWithStatus>>('/api/v1/users', { query: { q, limit: 20 } })).items
}

export function verifyAudit(api: ApiClient): Promise<AuditVerification> {
  return api.get<AuditVerification>('/api/v1/audit/verification')
}

/** The export's URL for the filters (same origin: the session cookie goes with it). */
export function exportUrl(f: AuditFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filterQuery(f))) if (value) params.set(key, value)
  const text = params.toString()
  return `/api/v1/audit/export${text ? `?${text}` : ''}`
}

/**
 * Fetches the export and hands it to the browser as a download, with the
 * server's file name. The server's error (too many records, say) is thrown
 * as an ApiError instead of being saved as a file.
 */
export async function downloadAuditCsv(f: AuditFilters): Promise<void> {
  let response: Response
  try {
    response = await fetch(exportUrl(f), { credentials: 'same-origin', headers: { Accept: 'text/csv' } })
  } catch {
    throw new ApiError(0, 'network_error', 'サーバーに接続できません。通信環境を確認して、もう一度お試しください。')
  }
  if (!response.ok) {
    let message = 'CSVを作成できませんでした。'
    let code = 'http_error'
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } }
      message = body.error?.message || message
      code = body.error?.code || code
    } catch {
      // not our JSON
    }
    throw new ApiError(response.status, code, message)
  }
  const blob = await response.blob()
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'audit.csv'
  downloadBlob(blob, name)
}
