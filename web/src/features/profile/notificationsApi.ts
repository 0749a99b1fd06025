// The caller's e-mail notification settings (/api/v1/me/notifications).
import type { ApiClient } from '../../api/client'
import type { NotificationSettings, NotificationSettingsChange } from '../../api/types'

export function getNotificationSettings(api: ApiClient): Promise<NotificationSettings> {
  return api.get<NotificationSettings>('/api/v1/me/notifications')
}

/** Changes only the fields given; answers the settings as they are now. */
export function changeNotificationSettings(api: ApiClient, change: NotificationSettingsChange): Promise<NotificationSettings> {
  return api.patch<NotificationSettings>('/api/v1/me/notifications', change)
}
