// The CSV import (POST /api/v1/imports/organizations | professionals): the raw
// file goes up as text/csv; the server detects UTF-8 / Shift_JIS itself.
import { ApiError, type ApiClient } from '../../api/client'
import { csvDocument } from '../../api/csv'
import { organizationTypeLabels, professionLabels } from '../../api/labels'
import type { components } from '../../api/schema'

export type ImportKind = 'organizations' | 'professionals'
export type ImportProblem = components['schemas']['ImportProblem']
export type OrganizationImportReport = components['schemas']['OrganizationImportReport']
export type ProfessionalImportReport = components['schemas']['ProfessionalImportReport']
export type ImportReport = OrganizationImportReport | ProfessionalImportReport

/** The headers each kind of file needs, in the template's order (optional ones marked). */
export const importColumns: Record<ImportKind, { name: string; required: boolean; note: string }[]> = {
  organizations: [
    { name: '事業所名', required: true, note: '100文字まで。同じ地域に同じ名前は登録できません' },
    { name: '種別', required: true, note: '下の一覧の名前（またはコード）' },
    { name: '地域', required: false, note: '地域の名前（例: 箕輪町）。地域管理者は空欄で自分の地域になります' },
  ],
  professionals: [
    { name: '氏名', required: true, note: '100文字まで' },
    { name: 'ふりがな', required: true, note: 'ひらがなかカタカナ' },
    { name: '職種', required: true, note: '下の一覧の名前（またはコード）' },
    { name: '事業所', required: true, note: '登録済みの事業所名（または事業所ID）。新しい事業所は先に取り込んでください' },
    { name: 'メール', required: false, note: '空欄でもかまいません' },
    { name: 'ログインID', required: true, note: '半角の英小文字・数字・「.」「_」「-」で3〜32文字' },
    { name: '地域', required: false, note: '同じ名前の事業所が複数の地域にあるときだけ' },
  ],
}

const examples: Record<ImportKind, string[][]> = {
  organizations: [['箕輪中央クリニック', organizationTypeLabels.clinic, '箕輪町']],
  professionals: [['伊藤 由美', 'イトウ ユミ', professionLabels.nurse, '箕輪中央クリニック', 'ito@example.jp', 'ito-yumi', '']],
}

/** The template: headers and one example row, UTF-8 with BOM so that Excel opens it. */
export function templateCsv(kind: ImportKind): string {
  const rows = [importColumns[kind].map((c) => c.name), ...examples[kind]]
  return csvDocument(rows)
}

export function templateFileName(kind: ImportKind): string {
  return kind === 'organizations' ? 'tsunagu-事業所テンプレート.csv' : 'tsunagu-専門職テンプレート.csv'
}

/**
 * Sends the file. A dry run answers its report; an import answers the report
 * of what was created. A 422 (some row has a problem, nothing written) is
 * returned as its report too, so the page shows the list either way; other
 * errors are thrown.
 */
export async function sendImport(
  api: ApiClient,
  kind: ImportKind,
  file: Blob,
  dryRun: boolean,
): Promise<{ report: ImportReport; rejected: boolean }> {
  try {
    const report = await api.request<ImportReport>('POST', `/api/v1/imports/${kind}`, {
      query: { dry_run: dryRun ? 'true' : undefined },
      raw: { data: file, type: 'text/csv' },
    })
    return { report, rejected: false }
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && e.body && typeof e.body === 'object' && 'problems' in e.body) {
      return { report: e.body as ImportReport, rejected: true }
    }
    throw e
  }
}

/** The created logins with their temporary passwords, as CSV with BOM (to print or hand over). */
export function passwordsCsv(report: ProfessionalImportReport, organizationLabel = '事業所'): string {
  const rows = [['氏名', 'ふりがな', organizationLabel, 'ログインID', '仮パスワード']]
  for (const item of report.items) {
    rows.push([item.name, item.name_kana, item.organization_name, item.login, item.temporary_password ?? ''])
  }
  return csvDocument(rows)
}
