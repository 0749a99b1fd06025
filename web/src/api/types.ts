// Short names for the schemas generated from docs/openapi.yaml (npm run gen:api).
import type { components, operations } from './schema'

type Schemas = components['schemas']

export type User = Schemas['User']
export type UserWithStatus = Schemas['UserWithStatus']
export type Session = Schemas['Session']
export type SignInRequest = Schemas['SignInRequest']
export type TotpEnrolment = Schemas['TotpEnrolment']
export type Profession = Schemas['Profession']
export type Role = Schemas['Role']
export type Region = Schemas['Region']
export type Organization = Schemas['Organization']
export type OrganizationType = Schemas['OrganizationType']
export type Registration = Schemas['Registration']
export type RegistrationRequest = Schemas['RegistrationRequest']
export type RegistrationStatus = Schemas['RegistrationStatus']
export type ErrorBody = Schemas['Error']
export type UnreadCounts = Schemas['UnreadCounts']
export type Sex = Schemas['Sex']
export type CareLevel = Schemas['CareLevel']
export type ConsentScope = Schemas['ConsentScope']
export type ConsentMethod = Schemas['ConsentMethod']
export type PatientRequest = Schemas['PatientRequest']
export type PatientUpdate = Schemas['PatientUpdate']
export type Patient = Schemas['Patient']
export type TeamRole = Schemas['TeamRole']
export type TeamMember = Schemas['TeamMember']
export type Professional = Schemas['Professional']
export type PostCategory = Schemas['PostCategory']
export type PostRequest = Schemas['PostRequest']
export type PostUpdate = Schemas['PostUpdate']
export type Post = Schemas['Post']
export type PostAttachment = Schemas['PostAttachment']
export type Attachment = Schemas['Attachment']
export type PostVersion = Schemas['PostVersion']
export type Comment = Schemas['Comment']
export type ReadReceipt = Schemas['ReadReceipt']
export type KpiMeasure = Schemas['KpiMeasure']
export type KpiReport = operations['getKpi']['responses'][200]['content']['application/json']

/** Every collection answers `{items, next}`; `next` is the cursor for `before`. */
export interface Page<T> {
  items: T[]
  next: string | null
}
