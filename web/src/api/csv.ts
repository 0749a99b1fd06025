// CSV files made in the browser, for Excel: UTF-8 with a byte-order mark (or
// Excel reads it as Shift_JIS), CRLF line ends, cells quoted when needed, and
// formula-looking text defused. Also how a file is handed to the browser as a
// download.

/**
 * One CSV cell: text that a spreadsheet would run as a formula (= + - @, and
 * tab or CR which some treat the same) gets a leading single quote; cells
 * with a comma, a quote or a line break are quoted. The server's CSV writer
 * (server/src/common/csv.h CsvCell) follows the same rule: keep them consistent.
 */
export function csvCell(value: string): string {
  let text = value
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`
  return text
}

/** The rows as a CSV document: BOM first, each cell through csvCell, CRLF after every row. */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return '\ufeff' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** Hands the blob to the browser as a file download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Hands the text (a CSV document by default) to the browser as a file download. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(new Blob([text], { type }), fileName)
}
