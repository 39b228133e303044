// Text into the compte rendu's HTML: everything escaped first, since questions and decisions are typed by the room and
// the presenter; the deck's own lines then get their emphasis and links back.

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, character => entities[character]!)
}

/** `<tag class="…">` around escaped text. */
export function element(tag: string, className: string, html: string): string {
  return `<${tag} class="${className}">${html}</${tag}>`
}

/** A link as paper shows it: the address itself, without `https://`, so that a reader can type it. */
function link(url: string, label: string): string {
  const shown = url.replace(/^https?:\/\//, '')
  const text = label === url || label === shown ? shown : `${label} (${shown})`
  return `<a href="${url}">${text}</a>`
}

/**
 * One line of the deck's markdown as HTML: `**bold**`, `_italic_`, `[text](https://…)`, `<https://…>`, bare
 * `https://…` addresses and addresses without a scheme. The text is escaped before any tag is added, so a stray `<` in the deck stays text.
 */
export function inlineMarkdown(markdown: string): string {
  const links: string[] = []
  const keep = (html: string): string => `\u0000${links.push(html) - 1}\u0000`
  const withLinks = escapeHtml(markdown)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_all, label: string, url: string) => keep(link(url, label)))
    .replace(/&lt;(https?:\/\/[^\s&]+)&gt;/g, (_all, url: string) => keep(link(url, url)))
    .replace(/https?:\/\/[^\s<)]*[^\s<).,;:]/g, url => keep(link(url, url)))
    // An address written without its scheme, as the annex does (`insee.fr/fr/statistiques/…`, `doi.org/…`).
    .replace(/(?<![\w@/.-])(?:[a-z\d-]+\.)+(?:fr|com|org|net|edu|eu)(?:\/[^\s<;,)]*[^\s<;,).])?(?![\w-])/g, address => keep(link(`https://${address}`, address)))
  return withLinks
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(«])_(.+?)_(?=$|[\s).,;:»])/g, '$1<em>$2</em>')
    .replace(/\0(\d+)\0/g, (_all, index: string) => links[Number(index)]!)
}
