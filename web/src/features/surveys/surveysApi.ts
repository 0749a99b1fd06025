// Satisfaction surveys: the calls and the types the pages use. Answers are
// sent once and can never be read back; results come only in aggregate.
import type { ApiClient } from '../../api/client'
import type { components } from '../../api/schema'
import type { Page } from '../../api/types'

type Schemas = components['schemas']
export type Survey = Schemas['Survey']
export type SurveyDraft = Schemas['SurveyDraft']
export type SurveyQuestionDraft = Schemas['SurveyQuestionDraft']
export type SurveyResults = Schemas['SurveyResults']
export type SurveyFigures = Schemas['SurveyFigures']
export type SurveyQuestionResult = Schemas['SurveyQuestionResult']

export interface SurveyAnswer {
  question_id: string
  value?: number
  text?: string
}

export const statusLabels: Record<Survey['status'], string> = { draft: '下書き', open: '受付中', closed: '終了' }

/** The 5-point scale, 1 to 5, as the answer page and the results label it. */
export const scaleLabels = ['そう思わない', 'あまりそう思わない', 'どちらともいえない', 'ややそう思う', 'そう思う'] as const

export const withheldLabels: Record<string, string> = {
  still_open: '受付中のため、結果は終了後に表示します（途中の結果から個人の回答がわからないようにするため）。',
  too_few_responses: '回答が5件未満のため、集計結果は表示しません（個人の回答がわからないようにするため）。',
}

export function listSurveys(api: ApiClient): Promise<Survey[]> {
  return api.getAll<Survey>('/api/v1/surveys')
}
export function listMySurveys(api: ApiClient): Promise<Page<Survey>> {
  return api.get<Page<Survey>>('/api/v1/me/surveys')
}
export function getSurvey(api: ApiClient, id: string): Promise<Survey> {
  return api.get<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}`)
}
export function createSurvey(api: ApiClient, draft: SurveyDraft): Promise<Survey> {
  return api.post<Survey>('/api/v1/surveys', draft)
}
export function openSurvey(api: ApiClient, id: string, opensOn: string, closesOn: string): Promise<Survey> {
  return api.post<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}/open`, { opens_on: opensOn, closes_on: closesOn })
}
export function closeSurvey(api: ApiClient, id: string): Promise<Survey> {
  return api.post<Survey>(`/api/v1/surveys/${encodeURIComponent(id)}/close`, {})
}
export function answerSurvey(api: ApiClient, id: string, answers: SurveyAnswer[]): Promise<unknown> {
  return api.post(`/api/v1/surveys/${encodeURIComponent(id)}/answers`, { answers })
}
export function getResults(api: ApiClient, id: string): Promise<SurveyResults> {
  return api.get<SurveyResults>(`/api/v1/surveys/${encodeURIComponent(id)}/results`)
}
