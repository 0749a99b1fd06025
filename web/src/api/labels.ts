// Japanese labels for the codes the API uses.
import type { OrganizationType, Profession, RegistrationStatus, Role } from './types'

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
