import type { ServerResponse } from 'node:http'
import { setSecurityHeaders } from './security-headers'

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, character => escapes[character]!)
}

/** A short French page for someone who reached an address that is not theirs: what it is, and where to go instead. */
export function sendNotice(response: ServerResponse, status: number, title: string, body: string, link?: { href: string, text: string }): void {
  setSecurityHeaders(response)
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>`
    + `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>`
    + `${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}</body></html>`)
}
