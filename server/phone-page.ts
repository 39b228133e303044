import type { Plugin } from 'esbuild'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { setSecurityHeaders } from './security-headers'

const phoneDir = resolve(import.meta.dirname, '..', 'phone')

export interface PhonePage {
  serve: (request: IncomingMessage, response: ServerResponse) => void
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64')

/**
 * Phones connect by WebSocket, or by polling where that fails (`client/vote-client.ts`), and the server offers nothing
 * else; socket.io-client bundles WebTransport all the same. Left out, it frees 856 gzipped bytes of the phone's 30 KB.
 */
const withoutWebTransport: Plugin = {
  name: 'without-webtransport',
  setup(phoneBuild) {
    phoneBuild.onResolve({ filter: /^\.\/webtransport\.js$/ }, ({ importer }) =>
      importer.includes('engine.io-client') ? { path: 'webtransport', namespace: 'left-out' } : undefined)
    phoneBuild.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: `export class WT { constructor() { throw new Error('WebTransport is not part of the phone page.') } }`,
    }))
  },
}

/**
 * Bundles the phone page into one self-contained HTML response, compressed once: a phone on weak Wi-Fi gets the whole
 * page in a single round trip, and a reload costs a 304. Its inline script and style are allowed by hash, nothing else.
 */
export async function buildPhonePage(): Promise<PhonePage> {
  const bundle = await build({
    entryPoints: [resolve(phoneDir, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // Optional chaining and `??` kept as written (about 500 gzipped bytes less than es2019): every phone browser since
    // 2020 (Safari 13.1 on iOS 13.4, Chrome 80) runs them.
    target: 'es2020',
    outdir: 'phone',
    write: false,
    legalComments: 'none',
    plugins: [withoutWebTransport],
  })
  const output = (extension: string): string => bundle.outputFiles.find(file => file.path.endsWith(extension))?.text ?? ''
  const script = output('.js').replaceAll('</script', '<\\/script')
  const style = output('.css')
  const template = await readFile(resolve(phoneDir, 'index.html'), 'utf8')
  const html = Buffer.from(template
    .replace('<!-- style -->', () => `<style>${style}</style>`)
    .replace('<!-- script -->', () => `<script>${script}</script>`))
  const gzipped = gzipSync(html, { level: 9 })
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 16)}"`
  const hashes = { scriptHashes: [sha256(script)], styleHashes: [sha256(style)] }

  return {
    serve: (request, response) => {
      setSecurityHeaders(response, hashes)
      const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'ETag': etag, 'Vary': 'Accept-Encoding' }
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, headers).end()
        return
      }
      const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
      const body = acceptsGzip ? gzipped : html
      response.writeHead(200, { ...headers, ...(acceptsGzip && { 'Content-Encoding': 'gzip' }), 'Content-Length': body.length })
      response.end(request.method === 'HEAD' ? undefined : body)
    },
  }
}
