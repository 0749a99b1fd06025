// Regions and organisations: public lists that several features look up.
import type { ApiClient } from '../../api/client'
import type { Organization, Page, Region } from '../../api/types'

export async function listRegions(api: ApiClient): Promise<Region[]> {
  const page = await api.get<Page<Region>>('/api/v1/regions')
  return page.items
}

/** All organisations, or those of one region. */
export function listOrganizations(api: ApiClient, regionId?: string): Promise<Organization[]> {
  return api.getAll<Organization>('/api/v1/organizations', { region_id: regionId })
}

export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]))
}
