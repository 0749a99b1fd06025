// Managing professionals and organisations (region and system administrators).
import type { ApiClient } from '../../api/client'
import type { components } from '../../api/schema'
import type { Organization, Page, Profession, UserWithStatus } from '../../api/types'

export type OrganizationAdmin = components['schemas']['OrganizationAdmin']
export type UserDetail = components['schemas']['UserDetail']

export interface UserFilters {
  q?: string
  region_id?: string
  organization_id?: string
  profession?: Profession | ''
  /** '' for everyone. */
  active?: 'true' | 'false' | ''
}

export function listUsers(api: ApiClient, filters: UserFilters, before?: string): Promise<Page<UserWithStatus>> {
  const query = Object.fromEntries(Object.entries({ ...filters, before, limit: 50 }).filter(([, v]) => v !== '' && v !== undefined))
  return api.get<Page<UserWithStatus>>('/api/v1/users', { query })
}

const userPath = (id: string, action = ''): string => `/api/v1/users/${encodeURIComponent(id)}${action}`

export const getUser = (api: ApiClient, id: string): Promise<UserDetail> => api.get<UserDetail>(userPath(id))
export const moveUser = (api: ApiClient, id: string, organizationId: string, regionId?: string): Promise<UserWithStatus> =>
  api.patch<UserWithStatus>(userPath(id), { organization_id: organizationId, ...(regionId ? { region_id: regionId } : {}) })
export const resetPassword = (api: ApiClient, id: string): Promise<{ temporary_password: string }> =>
  api.post<{ temporary_password: string }>(userPath(id, '/password-reset'))
export const resetTotp = (api: ApiClient, id: string): Promise<UserWithStatus> => api.post<UserWithStatus>(userPath(id, '/totp-reset'))
export const setRegionAdmin = (api: ApiClient, id: string, granted: boolean): Promise<UserWithStatus> =>
  api.post<UserWithStatus>(userPath(id, '/region-admin'), { granted })
export const deactivateUser = (api: ApiClient, id: string, reason: string): Promise<UserWithStatus> =>
  api.post<UserWithStatus>(userPath(id, '/deactivate'), { reason })
export const reactivateUser = (api: ApiClient, id: string): Promise<UserWithStatus> => api.post<UserWithStatus>(userPath(id, '/reactivate'))

/** Every organisation of a region (or all), closed ones included, with member counts. */
export function listOrganizationsForAdmin(api: ApiClient, regionId?: string): Promise<OrganizationAdmin[]> {
  return api.getAll<OrganizationAdmin>('/api/v1/organizations', { region_id: regionId, include_closed: 'true' })
}

const orgPath = (id: string, action = ''): string => `/api/v1/organizations/${encodeURIComponent(id)}${action}`

export const createOrganization = (api: ApiClient, org: Pick<Organization, 'name' | 'type' | 'region_id'>): Promise<OrganizationAdmin> =>
  api.post<OrganizationAdmin>('/api/v1/organizations', org)
export const updateOrganization = (api: ApiClient, id: string, change: Partial<Pick<Organization, 'name' | 'type'>>): Promise<OrganizationAdmin> =>
  api.patch<OrganizationAdmin>(orgPath(id), change)
export const closeOrganization = (api: ApiClient, id: string, reason: string): Promise<OrganizationAdmin> =>
  api.post<OrganizationAdmin>(orgPath(id, '/close'), reason ? { reason } : {})
export const reopenOrganization = (api: ApiClient, id: string): Promise<OrganizationAdmin> => api.post<OrganizationAdmin>(orgPath(id, '/reopen'))
