// The benchmark's output: one Markdown table, the poll server beside the bare socket.io server and the lean one, each
// target with whether it was met.

export type Value = number | string | undefined

export interface Row {
  measure: string
  unit?: string
  server: Value
  bare?: Value
  /** The lean reference: counts and acknowledges, checks nothing. */
  lean?: Value
  /** Server ÷ bare and server ÷ lean: taken from the figures shown, or given (the medians of ratios within rounds). */
  ratio?: true | { bare: number, lean: number }
  target?: { text: string, met: boolean }
}

function format(value: Value, unit = ''): string {
  if (value === undefined)
    return ''
  if (typeof value === 'string')
    return value
  if (value === Number.POSITIVE_INFINITY)
    return 'never'
  if (!Number.isFinite(value))
    return 'n/a'
  const digits = Math.abs(value) < 1 && value !== 0 ? 3 : Math.abs(value) < 100 && !Number.isInteger(value) ? 1 : 0
  return `${value.toFixed(digits)}${unit && ` ${unit}`}`
}

function ratio(server: Value, reference: Value, given?: number): string {
  if (given !== undefined)
    return Number.isFinite(given) ? `${given.toFixed(2)}×` : ''
  return typeof server === 'number' && typeof reference === 'number' && reference !== 0 ? `${(server / reference).toFixed(2)}×` : ''
}

export function markdownTable(rows: Row[], serverHeading: string, leanHeading = 'lean bare server'): string {
  const lines = [
    `| measure | ${serverHeading} | bare socket.io server | ratio | ${leanHeading} | ratio to lean | target | met |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(row => [
      row.measure,
      format(row.server, row.unit),
      format(row.bare, row.unit),
      row.ratio ? ratio(row.server, row.bare, row.ratio === true ? undefined : row.ratio.bare) : '',
      format(row.lean, row.unit),
      row.ratio ? ratio(row.server, row.lean, row.ratio === true ? undefined : row.ratio.lean) : '',
      row.target?.text ?? '',
      row.target ? (row.target.met ? 'yes' : '**no**') : '',
    ].join(' | ')).map(line => `| ${line} |`),
  ]
  return lines.join('\n')
}

/** `ok: 12, rate_limited: 3`: outcome counts, most frequent first. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts).sort(([, a], [, b]) => b - a).map(([key, count]) => `${key}: ${count}`).join(', ') || 'none'
}
