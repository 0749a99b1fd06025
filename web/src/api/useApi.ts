import { inject, type InjectionKey } from 'vue'
import type { ApiClient } from './client'

export const apiKey: InjectionKey<ApiClient> = Symbol('api')

/** The app's ApiClient, provided once in main.ts. */
export function useApi(): ApiClient {
  const api = inject(apiKey)
  if (!api) throw new Error('useApi() called outside the app: ApiClient not provided')
  return api
}
