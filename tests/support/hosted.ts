// Hosted mode for tests: `npm start` on loopback behind a real nginx running deploy/nginx.conf, TLS with a self-signed
// certificate made here. Everything listens on 127.0.0.1.
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { ServerProcess } from './server-process'
import { Buffer } from 'node:buffer'
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { projectRoot } from '../../server/project-root'
import { temporaryDir } from './poll-server'
import { serverUrl, spawnServer } from './server-process'

export const runFile = promisify(execFile)

export interface HostedServer {
  /** `PUBLIC_URL`: nginx's TLS side, https://127.0.0.1:<port>. */
  publicUrl: string
  /** nginx's plain-HTTP side, which redirects. */
  httpUrl: string
  /** The vote server itself, bypassing nginx. */
  direct: string
  /** The self-signed certificate nginx serves, for Node clients to trust. */
  certificate: string
  dataDir: string
  server: ServerProcess
  /** A link the start banner printed, by the start of its line (« Animateur », « Projection »). */
  printedLink: (label: string) => string
  close: () => Promise<void>
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise(resolve => probe.close(resolve))
  return port
}

/** Waits until something accepts TCP connections on the port, or the process that should has died. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited with ${child.exitCode}:\n${output()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true))).on('error', () => resolve(false))
    })
    if (open)
      return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`nginx did not listen on ${port}:\n${output()}`)
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null)
    return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Renders deploy/nginx.conf as the walk-through does, this test's ports and files in place of the placeholders. */
export async function renderSiteConfig(values: Record<'publicOrigin' | 'serverName' | 'httpsListen' | 'httpListen' | 'certificate' | 'certificateKey' | 'upstream', string>): Promise<string> {
  const site = (await readFile(join(projectRoot, 'deploy/nginx.conf'), 'utf8'))
    .replaceAll('__PUBLIC_ORIGIN__', values.publicOrigin)
    .replaceAll('__SERVER_NAME__', values.serverName)
    .replaceAll('__HTTPS_LISTEN__', values.httpsListen)
    .replaceAll('__HTTP_LISTEN__', values.httpListen)
    .replaceAll('__CERTIFICATE__', values.certificate)
    .replaceAll('__CERTIFICATE_KEY__', values.certificateKey)
    .replaceAll('__UPSTREAM__', values.upstream)
  const left = /__[A-Z_]+__/.exec(site)
  if (left)
    throw new Error(`deploy/nginx.conf has a placeholder the test does not know: ${left[0]}`)
  return site
}

/** The vote server as `npm start` runs it with `TRUST_PROXY=1` and an https `PUBLIC_URL`, behind nginx. */
export async function startHostedServer(env: NodeJS.ProcessEnv & { DECK_DIR: string }): Promise<HostedServer> {
  const work = await temporaryDir('hosted-')
  // nginx's workers run as another user when the tests run as root: they must be able to reach its temporary files.
  await chmod(work, 0o755)
  const file = (name: string): string => join(work, name)
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']
  await runFile('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', ...subject, '-keyout', file('key.pem'), '-out', file('certificate.pem')])

  const [httpsPort, httpPort] = [await freePort(), await freePort()]
  const publicUrl = `https://127.0.0.1:${httpsPort}`
  const dataDir = file('data')
  const server = spawnServer({ DATA_DIR: dataDir, TRUST_PROXY: '1', PUBLIC_URL: publicUrl, ...env })
  let nginx: ChildProcess | undefined
  let nginxOutput = ''
  const close = async (): Promise<void> => {
    await stop(nginx)
    await stop(server.child)
  }
  try {
    const direct = await serverUrl(server)
    await writeFile(file('site.conf'), await renderSiteConfig({
      publicOrigin: publicUrl,
      serverName: '127.0.0.1',
      httpsListen: `127.0.0.1:${httpsPort}`,
      httpListen: `127.0.0.1:${httpPort}`,
      certificate: file('certificate.pem'),
      certificateKey: file('key.pem'),
      upstream: new URL(direct).host,
    }))
    // The site file goes in an http block, as Debian's /etc/nginx/nginx.conf includes sites-enabled/; nothing else.
    await mkdir(file('temp'))
    const temporaryPaths = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(kind => `${kind}_temp_path temp/${kind};`).join(' ')
    await writeFile(file('nginx.conf'), `worker_processes 1;\nevents { worker_connections 256; }\nhttp { access_log access.log; ${temporaryPaths} include site.conf; }\n`)
    nginx = spawn('/usr/sbin/nginx', ['-p', `${work}/`, '-c', 'nginx.conf', '-g', `daemon off; pid ${file('nginx.pid')}; error_log stderr;`], { stdio: ['ignore', 'pipe', 'pipe'] })
    nginx.stdout!.on('data', (chunk: Buffer) => nginxOutput += chunk)
    nginx.stderr!.on('data', (chunk: Buffer) => nginxOutput += chunk)
    await listening(httpsPort, nginx, () => nginxOutput)
    await listening(httpPort, nginx, () => nginxOutput)
    return {
      publicUrl,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      direct,
      certificate: await readFile(file('certificate.pem'), 'utf8'),
      dataDir,
      server,
      printedLink: (label) => {
        const link = new RegExp(`^ {2}${label}.* : (\\S+)$`, 'm').exec(server.output())?.[1]
        if (!link)
          throw new Error(`no « ${label} » link in the banner:\n${server.output()}`)
        return link
      },
      close,
    }
  }
  catch (error) {
    await close()
    throw error
  }
}

export interface RawReply { status: number, headers: Record<string, string | string[] | undefined>, body: string }

/** One HTTP(S) request from Node, trusting the given certificate, from a loopback address of the caller's choice. */
export function fetchRaw(url: string, options: { method?: string, headers?: Record<string, string>, body?: string, ca?: string, localAddress?: string } = {}): Promise<RawReply> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, localAddress: options.localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(options.body)
  })
}
