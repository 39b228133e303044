import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Privacy } from '../core/session/privacy'
import type { Access } from './access'
import type { Middleware } from './deck-files'
import type { PhonePage } from './phone-page'
import type { ResultsReport } from './results-export'
import type { SessionEngine } from './session-engine'
import type { EventStore } from './store/event-store'
import process from 'node:process'
import { replay } from '../core/session/rules'
import { sendNotice } from './pages'
import { resultsCsv, resultsReport } from './results-export'
import { setSecurityHeaders } from './security-headers'

export const phonePagePath = '/vote'
export const loginPath = '/connexion'

export interface HttpRoutesOptions {
  engine: SessionEngine
  store: EventStore
  access: Access
  phonePage: PhonePage
  /** Whether this request reached the server over HTTPS (directly, or through a trusted proxy). */
  isSecure: (request: IncomingMessage) => boolean
  /** Exports withhold what the room may not see either. */
  privacy: Privacy
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  setSecurityHeaders(response)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(body))
}

/** For a monitor: 503 while votes cannot be stored, with the presenter's sentence. */
function sendHealth(response: ServerResponse, engine: SessionEngine): void {
  const { health } = engine
  sendJson(response, health.storing ? 200 : 503, {
    status: health.storing ? 'ok' : 'storage_failed',
    ...(health.problem && { problem: health.problem }),
    session: engine.state.session.id,
    uptimeSeconds: Math.round(process.uptime()),
  })
}

/** A login link: its cookie, then the deck where the presenter is. */
function login({ access, engine, isSecure }: HttpRoutesOptions, request: IncomingMessage, response: ServerResponse, url: URL): void {
  const cookie = access.redeem(url.searchParams, isSecure(request))
  if (!cookie)
    return sendNotice(response, 403, 'Lien expiré', 'Ce lien de connexion a expiré ou n’est plus valable. Sur l’ordinateur de présentation, obtenez-en un nouveau avec npm run presenter-link.')
  const page = engine.state.nav?.page ?? 1
  const presenter = url.searchParams.get('droit') === 'presenter'
  setSecurityHeaders(response)
  response.writeHead(303, { 'Set-Cookie': cookie, 'Location': presenter ? `/presenter/${page}` : `/${page}`, 'Cache-Control': 'no-store' })
  response.end()
}

/** The server's own routes: the phone page, the health check, login links, and results downloads for the presenter. */
export function createHttpRoutes(options: HttpRoutesOptions): Middleware {
  const { engine, store, access, phonePage } = options

  async function report(sessionParam: string): Promise<ResultsReport | undefined> {
    await engine.settled()
    const { catalog, state } = engine
    if (sessionParam === 'latest' || Number(sessionParam) === state.session.id)
      return resultsReport(catalog, state, options.privacy)
    const session = (await store.listSessions()).find(candidate => candidate.id === Number(sessionParam))
    return session && resultsReport(catalog, replay(catalog, session, await store.read(session.id)), options.privacy)
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!access.rightsOf(request.headers).has('presenter'))
      return sendJson(response, 401, { error: 'Réservé à l’animateur : ouvrez d’abord le lien « Animateur ».' })
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
    setSecurityHeaders(response)
    response.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="resultats-session-${results.session.id}.csv"`,
      'Cache-Control': 'no-store',
    })
    response.end(resultsCsv(results))
  }

  return (request, response, next) => {
    const url = URL.parse(request.url ?? '/', 'http://localhost')
    if (!url)
      return sendJson(response, 400, { error: 'Adresse invalide.' })
    const reading = request.method === 'GET' || request.method === 'HEAD'
    if (reading && (url.pathname === phonePagePath || url.pathname === `${phonePagePath}/`))
      return phonePage.serve(request, response)
    if (reading && url.pathname === '/healthz')
      return sendHealth(response, engine)
    if (reading && url.pathname === loginPath)
      return login(options, request, response, url)
    if (url.pathname.startsWith('/api/')) {
      if (!reading)
        return sendJson(response, 405, { error: 'Lecture seule.' })
      handleApi(request, response, url).catch((error: unknown) => {
        console.error('Erreur de l’API de résultats :', error)
        sendJson(response, 500, { error: 'Erreur interne.' })
      })
      return
    }
    next()
  }
}

/** Sends a request for the deck to someone without the rights to it: a phone gets the vote page, anyone else a notice. */
export function refuseDeck(request: IncomingMessage, response: ServerResponse): void {
  const url = URL.parse(request.url ?? '/', 'http://localhost')
  if (url?.pathname === '/') {
    setSecurityHeaders(response)
    response.writeHead(302, { 'Location': phonePagePath, 'Cache-Control': 'no-store' })
    response.end()
    return
  }
  sendNotice(response, 403, 'Page réservée', 'Cette adresse est celle de la présentation : elle est réservée à l’animateur et à l’écran de projection. Pour voter, ouvrez la page de vote.', { href: phonePagePath, text: 'Aller à la page de vote' })
}
