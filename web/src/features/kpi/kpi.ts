// The KPI dashboard's pure parts: fiscal years and their Japanese labels, the
// five measures, number formats, achievement, and the CSV report.
import type { ApiClient } from '../../api/client'
import type { KpiMeasure, KpiReport, KpiResidentSurvey, KpiTargets } from '../../api/types'
import { csvDocument } from '../../api/csv'
import { label, organizationTypeLabels, professionLabels, todayInJapan } from '../../api/labels'

/** The region_id that asks for every region together (system administrators). */
export const wholeDeployment = 'all'
export const wholeDeploymentName = '全体'

export type KpiKey = 'posts' | 'professionals' | 'patients' | 'professional_satisfaction' | 'resident_satisfaction'

export interface KpiDefinition {
  key: KpiKey
  label: string
  /** Shown after numbers: 件, 人 or %. */
  unit: string
  percent: boolean
  description: string
}

export const kpiDefinitions: readonly KpiDefinition[] = [
  { key: 'posts', label: '投稿数', unit: '件', percent: false, description: '年度内に地域の利用者の連絡帳へ書かれた投稿' },
  { key: 'professionals', label: '登録専門職数', unit: '人', percent: false, description: '年度末（今年度は現在）に利用中の専門職' },
  { key: 'patients', label: '登録患者数', unit: '人', percent: false, description: '年度末（今年度は現在）に登録中の利用者' },
  { key: 'professional_satisfaction', label: '専門職満足度', unit: '%', percent: true, description: '専門職へのアンケート結果' },
  { key: 'resident_satisfaction', label: '住民満足度', unit: '%', percent: true, description: '住民へのアンケート結果' },
]

/** The server answers 2000–2100; the service did not exist before 2020. */
export const firstFiscalYear = 2020
export const lastFiscalYearAllowed = 2100

/** The fiscal year (April–March) that `now` falls in, in Japan time. */
export function currentFiscalYear(now: Date = new Date()): number {
  const today = todayInJapan(now)
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  return month >= 4 ? year : year - 1
}

/** "令和8年度" (Reiwa from FY2019, which began in April 2019 and is called 令和元年度). */
export function eraYearLabel(fiscalYear: number): string {
  if (fiscalYear >= 2019) {
    const n = fiscalYear - 2018
    return `令和${n === 1 ? '元' : n}年度`
  }
  if (fiscalYear >= 1989) {
    const n = fiscalYear - 1988
    return `平成${n === 1 ? '元' : n}年度`
  }
  return ''
}

/** "2026年度（令和8年度）" */
export function fiscalYearLabel(fiscalYear: number): string {
  const era = eraYearLabel(fiscalYear)
  return era ? `${fiscalYear}年度（${era}）` : `${fiscalYear}年度`
}

/** "2026年4月〜2027年3月" */
export function fiscalYearPeriod(fiscalYear: number): string {
  return `${fiscalYear}年4月〜${fiscalYear + 1}年3月`
}

const countFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 })
const percentFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 })

/** "1,234件", "9.1%"; the caller handles null. */
export function formatValue(definition: KpiDefinition, value: number): string {
  return definition.percent ? `${percentFormat.format(value)}%` : `${countFormat.format(value)}${definition.unit}`
}

export function formatActual(definition: KpiDefinition, measure: KpiMeasure): string {
  return measure.actual === null ? '未測定' : formatValue(definition, measure.actual)
}

export function formatTarget(definition: KpiDefinition, measure: KpiMeasure): string {
  return measure.target === null ? '目標未設定' : formatValue(definition, measure.target)
}

/** Actual as a percentage of target, one decimal; null when either is missing or the target is 0. */
export function achievement(measure: KpiMeasure): number | null {
  if (measure.actual === null || measure.target === null || measure.target <= 0) return null
  return Math.round((measure.actual / measure.target) * 1000) / 10
}

export function formatAchievement(measure: KpiMeasure): string {
  const rate = achievement(measure)
  if (rate !== null) return `${percentFormat.format(rate)}%`
  if (measure.target === null) return '—（目標未設定）'
  if (measure.actual === null) return '—（未測定）'
  return '—'
}

/** One sentence for screen readers, e.g. "投稿数 2026年度: 実績 12件、目標 300件、達成率 4%". */
export function describeMeasure(definition: KpiDefinition, measure: KpiMeasure, fiscalYear: number): string {
  const rate = achievement(measure)
  return (
    `${definition.label} ${fiscalYearLabel(fiscalYear)}: 実績 ${formatActual(definition, measure)}、` +
    `目標 ${formatTarget(definition, measure)}` +
    (rate === null ? '' : `、達成率 ${percentFormat.format(rate)}%`)
  )
}

export async function fetchKpi(api: ApiClient, fiscalYear: number, regionId?: string): Promise<KpiReport> {
  return api.get<KpiReport>('/api/v1/kpi', { query: { fiscal_year: fiscalYear, region_id: regionId } })
}

export interface TargetsUpdate {
  region_id: string
  fiscal_year: number
  /** A metric left out keeps its target; null clears it. */
  targets: KpiTargets
}

export async function saveTargets(api: ApiClient, update: TargetsUpdate): Promise<TargetsUpdate> {
  return api.request<TargetsUpdate>('PUT', '/api/v1/kpi/targets', { body: update })
}

export interface ResidentSurveyEntry extends KpiResidentSurvey {
  region_id: string
  fiscal_year: number
}

export async function saveResidentSurvey(api: ApiClient, entry: ResidentSurveyEntry): Promise<ResidentSurveyEntry> {
  return api.request<ResidentSurveyEntry>('PUT', '/api/v1/kpi/resident-satisfaction', { body: entry })
}

/** "4月" from "2026-04". */
export function monthLabel(month: string): string {
  return `${Number(month.slice(5, 7))}月`
}

export interface MonthPoint {
  month: string
  posts: number | null
  /** Posts from April to the end of this month; null for a month not begun. */
  cumulative: number | null
  netNewPatients: number | null
  /** Registered patients at the end of the month (or now). */
  patients: number | null
}

/** The year's months with running totals of posts and patients. */
export function monthPoints(report: KpiReport): MonthPoint[] {
  let posts = 0
  let patients = report.breakdown.patients_at_year_start
  return report.breakdown.months.map((m) => {
    if (m.posts === null || m.net_new_patients === null) {
      return { month: m.month, posts: null, cumulative: null, netNewPatients: null, patients: null }
    }
    posts += m.posts
    patients += m.net_new_patients
    return { month: m.month, posts: m.posts, cumulative: posts, netNewPatients: m.net_new_patients, patients }
  })
}

export interface GroupRow {
  code: string
  label: string
  professionals: number
  posts: number
}

/** Breakdown rows with Japanese labels; groups with neither professionals nor posts are left out unless `all`. */
export function professionRows(report: KpiReport, all = false): GroupRow[] {
  return report.breakdown.by_profession
    .filter((g) => all || g.professionals > 0 || g.posts > 0)
    .map((g) => ({ code: g.profession, label: label(professionLabels, g.profession), professionals: g.professionals, posts: g.posts }))
}

export function organizationTypeRows(report: KpiReport, all = false): GroupRow[] {
  return report.breakdown.by_organization_type
    .filter((g) => all || g.professionals > 0 || g.posts > 0)
    .map((g) => ({
      code: g.organization_type,
      label: label(organizationTypeLabels, g.organization_type),
      professionals: g.professionals,
      posts: g.posts,
    }))
}

// The CSV report (csvDocument: BOM, CRLF, formula-looking text defused).

/** A number as Excel reads it: no grouping, no unit, at most one decimal, empty when unknown. */
function plainNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return ''
  return String(Math.round(value * 10) / 10)
}

export const csvHeader = ['年度', '地域', '指標', '実績', '目標', '達成率'] as const

/**
 * The report as CSV text (with the BOM): one row per KPI, then the
 * breakdowns in the same columns (actual only): posts and net new patients
 * per month, professionals and posts per profession and organisation type.
 */
export function kpiCsv(report: KpiReport, regionName: string): string {
  const rows: string[][] = [[...csvHeader]]
  const year = String(report.fiscal_year)
  for (const definition of kpiDefinitions) {
    const measure = report[definition.key]
    rows.push([
      year,
      regionName,
      `${definition.label}（${definition.unit}）`,
      plainNumber(measure.actual),
      plainNumber(measure.target),
      plainNumber(achievement(measure)),
    ])
  }
  const detail = (name: string, value: number | null) => rows.push([year, regionName, name, plainNumber(value), '', ''])
  for (const m of report.breakdown.months) detail(`月別 投稿数 ${m.month}（件）`, m.posts)
  for (const m of report.breakdown.months) detail(`月別 患者純増 ${m.month}（人）`, m.net_new_patients)
  for (const g of professionRows(report, true)) {
    detail(`職種別 専門職数 ${g.label}（人）`, g.professionals)
    detail(`職種別 投稿数 ${g.label}（件）`, g.posts)
  }
  for (const g of organizationTypeRows(report, true)) {
    detail(`事業所種別 専門職数 ${g.label}（人）`, g.professionals)
    detail(`事業所種別 投稿数 ${g.label}（件）`, g.posts)
  }
  return csvDocument(rows)
}

/** "kpi-箕輪町-2026.csv": characters that file systems refuse become "_". */
export function csvFileName(regionName: string, fiscalYear: number): string {
  const safe = regionName.replace(/[\\/:*?"<>|\s\u0000-\u001f]+/g, '_') || 'region'
  return `kpi-${safe}-${fiscalYear}.csv`
}
