import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Middleware } from './deck-files'
import type { PhonePage } from './phone-page'
import type { ResultsReport } from './results-export'
import type { SessionEngine } from './session-engine'
import type { VoteStore } from './store/vote-store'
import process from 'node:process'
import { tokenMatches } from './presenter-token'
import { resultsCsv, resultsReport } from './results-export'

export const phonePagePath = '/vote'

export interface HttpRoutesOptions {
  engine: SessionEngine
  store: VoteStore
  presenterToken: string
  phonePage: PhonePage
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(body))
}

function presenterAuthorized(request: IncomingMessage, url: URL, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  const given = bearer ?? url.searchParams.get('token')
  return given !== null && tokenMatches(token, given)
}

/** The server's own routes: the phone page, the health check, and results downloads for the presenter. */
export function createHttpRoutes(options: HttpRoutesOptions): Middleware {
  const { engine, store, phonePage } = options

  async function report(sessionParam: string): Promise<ResultsReport | undefined> {
    await engine.settled()
    const id = sessionParam === 'latest' ? engine.state.session.id : Number(sessionParam)
    const state = id === engine.state.session.id ? engine.state : Number.isInteger(id) ? await store.loadSession(id) : undefined
    return state && resultsReport(engine.catalog, state)
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!presenterAuthorized(request, url, options.presenterToken))
      return sendJson(response, 401, { error: 'Jeton d’animateur manquant ou invalide.' })
    if (url.pathname === '/api/sessions')
      return sendJson(response, 200, { sessions: await store.listSessions(), current: engine.state.session.id })
    const match = /^\/api\/sessions\/(latest|\d+)\/results\.(json|csv)$/.exec(url.pathname)
    if (!match)
      return sendJson(response, 404, { error: 'Adresse inconnue.' })
    const results = await report(match[1]!)
    if (!results)
      return sendJson(response, 404, { error: 'Session inconnue.' })
    if (match[2] === 'json')
      return sendJson(response, 200, results)
    response.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="resultats-session-${results.session.id}.csv"`,
      'Cache-Control': 'no-store',
    })
    response.end(resultsCsv(results))
  }

  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return next()
    const url = URL.parse(request.url ?? '/', 'http://localhost')
    if (!url)
      return sendJson(response, 400, { error: 'Adresse invalide.' })
    if (url.pathname === phonePagePath || url.pathname === `${phonePagePath}/`)
      return phonePage.serve(request, response)
    if (url.pathname === '/healthz')
      return sendJson(response, 200, { status: 'ok', session: engine.state.session.id, uptimeSeconds: Math.round(process.uptime()) })
    if (url.pathname.startsWith('/api/')) {
      handleApi(request, response, url).catch((error: unknown) => {
        console.error('Erreur de l’API de résultats :', error)
        sendJson(response, 500, { error: 'Erreur interne.' })
      })
      return
    }
    next()
  }
}
