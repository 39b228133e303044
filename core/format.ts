// Numbers and quotes as the audience reads them, in French, identical on the deck, the phone and the PDF.

/** Share of voters, as a whole percentage; multi-select shares may add up to more than 100. */
export function percentOf(count: number, voters: number): number {
  return voters === 0 ? 0 : Math.round((count / voters) * 100)
}

/** `42 %`, with the non-breaking space French typography wants. */
export function formatPercent(percent: number): string {
  return `${percent}\u00A0%`
}

/** A share of voters as the room reads it: « — » while nobody voted, so that no empty poll reads as a measured 0 %. */
export function formatShare(count: number, voters: number): string {
  return voters === 0 ? '—' : formatPercent(percentOf(count, voters))
}

/** A mean rounded as it is shown: one decimal. Differences are taken between shown means, so they add up on screen. */
export function roundMean(mean: number): number {
  return Math.round(mean * 10) / 10
}

/** A mean with one decimal and a decimal comma: `3,4`. */
export function formatMean(mean: number): string {
  return roundMean(mean).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}

/** `1 appareil`, `2 appareils`: French puts 0 and 1 in the singular. */
export function formatCount(count: number, singular: string, plural: string): string {
  return `${count.toLocaleString('fr-FR')} ${count < 2 ? singular : plural}`
}

export function formatVoters(voters: number): string {
  return voters === 0 ? 'aucun vote' : formatCount(voters, 'votant', 'votants')
}

/** What a slide or a phone says instead of results withheld under the small-room threshold. */
export function withheldNotice(threshold: number): string {
  return `Résultats masqués\u00A0: moins de ${formatCount(threshold, 'votant', 'votants')}`
}

/** `24 novembre 2026` */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })
}

/** A change with its sign, a true minus and one decimal at most: `+12 points`, `−0,7 point`, `±0 point`. */
export function formatSigned(value: number, unit: string): string {
  return `${value > 0 ? '+' : value < 0 ? '\u2212' : '±'}${Math.abs(value).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00A0${unit}`
}

/** A change in points (of a percentage or of a scale), singular below two as French counts. */
export function formatPoints(value: number): string {
  return formatSigned(value, Math.abs(value) < 2 ? 'point' : 'points')
}

/** `5 décembre 2026 à 01:42`: when a session started or a decision was recorded. */
export function formatDateAndTime(iso: string): string {
  return `${formatDate(iso)} à ${new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`
}

/** `11 h 42`, as French writes a time of day in running text. */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  return `${date.getHours()}\u00A0h\u00A0${String(date.getMinutes()).padStart(2, '0')}`
}

/** Non-breaking spaces inside « guillemets » and before « ? ! : ; % »: no line starts with » or ends with «. */
export function frenchSpacing(text: string): string {
  return text.replace(/«[ \u00A0]*/g, '«\u00A0').replace(/[ \u00A0]*»/g, '\u00A0»').replace(/[ \u00A0]+([?!:;%])/g, '\u00A0$1')
}

/** A text between guillemets, unless it holds its own (a question quoting a prejudice): never « « … ». */
export function quoted(text: string): string {
  return frenchSpacing(text.includes('«') ? text : `« ${text} »`)
}
