// Short names for the schemas generated from docs/openapi.yaml (npm run gen:api).
import type { components } from './schema'

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

/** Every collection answers `{items, next}`; `next` is the cursor for `before`. */
export interface Page<T> {
  items: T[]
  next: string | null
}
