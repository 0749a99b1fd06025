// Japanese labels for the codes the API uses.
import type {
  CareLevel,
  ConsentMethod,
  ConsentScope,
  NotificationSettings,
  OrganizationType,
  PostCategory,
  Profession,
  RegistrationStatus,
  Role,
  Sex,
  TeamRole,
} from './types'

export const professionLabels: Record<Profession, string> = {
  doctor: '医師',
  dentist: '歯科医師',
  pharmacist: '薬剤師',
  nurse: '看護師',
  public_health_nurse: '保健師',
  physical_therapist: '理学療法士',
  occupational_therapist: '作業療法士',
  speech_therapist: '言語聴覚士',
  care_manager: '介護支援専門員（ケアマネジャー）',
  care_worker: '介護職員（ホームヘルパー等）',
  dietitian: '管理栄養士・栄養士',
  social_worker: '社会福祉士・ソーシャルワーカー',
  municipal_staff: '行政職員',
  hospital_liaison: '病院の地域連携担当',
  other: 'その他',
}

/** In the order the application form offers them. */
export const professions = Object.keys(professionLabels) as Profession[]

export const organizationTypeLabels: Record<OrganizationType, string> = {
  clinic: '診療所',
  hospital: '病院',
  dental_clinic: '歯科診療所',
  pharmacy: '薬局',
  visiting_nurse_station: '訪問看護ステーション',
  home_care_office: '訪問介護事業所',
  care_management_office: '居宅介護支援事業所',
  community_support_center: '地域包括支援センター',
  municipal_office: '市町村役場',
  other: 'その他',
}

export const roleLabels: Record<Role, string> = {
  system_admin: 'システム管理者',
  region_admin: '地域管理者',
  member: 'メンバー',
}

export const registrationStatusLabels: Record<RegistrationStatus, string> = {
  pending: '審査待ち',
  approved: '承認済み',
  rejected: '却下',
}

const dateTimeFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

export function formatDateTime(rfc3339: string): string {
  const date = new Date(rfc3339)
  return Number.isNaN(date.getTime()) ? rfc3339 : dateTimeFormat.format(date)
}

export const sexLabels: Record<Sex, string> = {
  male: '男性',
  female: '女性',
  other: 'その他',
  unknown: '不明',
}

export const careLevelLabels: Record<CareLevel, string> = {
  support_1: '要支援1',
  support_2: '要支援2',
  care_1: '要介護1',
  care_2: '要介護2',
  care_3: '要介護3',
  care_4: '要介護4',
  care_5: '要介護5',
  not_certified: '非該当・未認定',
  applying: '申請中',
}

export const careLevels = Object.keys(careLevelLabels) as CareLevel[]

export const consentScopeLabels: Record<ConsentScope, string> = {
  team: 'ケアチーム内で共有',
  team_and_family: 'ケアチームと家族で共有',
}

export const consentMethodLabels: Record<ConsentMethod, string> = {
  written: '書面',
  verbal: '口頭',
  electronic: '電子的な同意',
}

export const teamRoleLabels: Record<TeamRole, string> = {
  lead: '主担当',
  member: 'メンバー',
}

export const postCategoryLabels: Record<PostCategory, string> = {
  observation: '観察',
  vitals: 'バイタル',
  medication: '服薬',
  meal: '食事',
  excretion: '排泄',
  bathing: '入浴',
  rehabilitation: 'リハビリ',
  visit: '訪問',
  consultation: '相談',
  instruction: '指示',
  contact: '連絡',
  other: 'その他',
}

export const postCategories = Object.keys(postCategoryLabels) as PostCategory[]

/** Which new posts are mailed at once (e-mail notification settings). */
export const notificationImmediateLabels: Record<NotificationSettings['immediate'], string> = {
  urgent_and_mentions: '緊急の記録と、あなた宛ての記録',
  all: 'すべての新しい記録',
  none: 'すぐには知らせない',
}

export const notificationDigestLabels: Record<NotificationSettings['digest'], string> = {
  daily: '1日1回、まとめて知らせる',
  none: 'まとめのメールは送らない',
}

/** A label for a code the UI may not know yet (a newer server): the code itself. */
export function label<K extends string>(labels: Record<K, string>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—'
  return (labels as Record<string, string>)[code] ?? code
}

const dateFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
})

/** "2024年4月1日" for a YYYY-MM-DD date (read as a calendar day, no time zone shift). */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return date
  return dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 3)))
}

/** Today in Japan as YYYY-MM-DD. */
export function todayInJapan(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10)
}

/** Full years of age on `today` (both YYYY-MM-DD); null for a malformed date. */
export function ageOn(birthDate: string, today: string = todayInJapan()): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate)
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today)
  if (!b || !t) return null
  let age = Number(t[1]) - Number(b[1])
  if (Number(t[2]) * 100 + Number(t[3]) < Number(b[2]) * 100 + Number(b[3])) age -= 1
  return age >= 0 ? age : null
}

/** "たった今", "3分前", "2時間前", "昨日 14:05", or the date and time for older moments. */
export function formatRelative(rfc3339: string, now: number = Date.now()): string {
  const time = new Date(rfc3339).getTime()
  if (Number.isNaN(time)) return rfc3339
  const seconds = Math.round((now - time) / 1000)
  if (seconds < 60) return 'たった今'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}分前`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours}時間前`
  const days = Math.floor(hours / 24)
  if (days < 7) return `${days}日前`
  return formatDateTime(rfc3339)
}
