// `npx tsx bench/engine-cost.ts`: what the session engine alone costs per vote, without sockets: a burst of votes
// executed at once against the real engine and SQLite file, the main thread's CPU and the SQLite writer's thread's
// apart. What the poll server costs beyond this is socket.io's and the server's wiring around the engine.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { loadPollCatalog } from '../server/deck-source'
import { databasePath } from '../server/poll-app'
import { createSessionEngine } from '../server/session-engine'
import { openSqliteStore } from '../server/store/sqlite-store'
import { threadCpuSeconds } from './processes'
import { median } from './rounds'

const { values: options } = parseArgs({ options: { votes: { type: 'string', default: '5000' }, runs: { type: 'string', default: '5' } } })
const votes = Number(options.votes)

/** One burst against a fresh engine: µs of CPU per vote on the main thread, on the writer's thread, and in all. */
async function burst(): Promise<{ main: number, writer: number, all: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'engine-cost-'))
  const catalog = await loadPollCatalog()
  const pollId = Object.values(catalog.polls).find(poll => poll.kind === 'scale' && !poll.repeats)!.id
  const before = new Set(threadCpuSeconds(process.pid).keys())
  const store = openSqliteStore(databasePath(dir), { catalog })
  // The threads the store started: its writer's.
  const writerThreads = [...threadCpuSeconds(process.pid).keys()].filter(thread => !before.has(thread))
  const engine = await createSessionEngine(catalog, store)
  await engine.execute({ type: 'open', pollId })
  const cpu = (): { main: number, writer: number, all: number } => {
    const threads = threadCpuSeconds(process.pid)
    return {
      main: threads.get(process.pid)!,
      writer: writerThreads.reduce((sum, thread) => sum + (threads.get(thread) ?? 0), 0),
      all: [...threads.values()].reduce((sum, seconds) => sum + seconds, 0),
    }
  }
  const start = cpu()
  const replies = await Promise.all(Array.from({ length: votes }, (_, n) => engine.execute({ type: 'vote', pollId, voterId: `voter-${n}`, answer: { kind: 'scale', point: n % 5 } })))
  const end = cpu()
  if (replies.some(reply => !reply.ok))
    throw new Error('a vote was refused')
  await engine.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
  const perVote = (key: 'main' | 'writer' | 'all'): number => ((end[key] - start[key]) * 1e6) / votes
  return { main: perVote('main'), writer: perVote('writer'), all: perVote('all') }
}

async function main(): Promise<void> {
  const results: Awaited<ReturnType<typeof burst>>[] = []
  for (let run = 0; run < Number(options.runs); run++)
    results.push(await burst())
  const line = (key: 'main' | 'writer' | 'all'): string => `${median(results.map(result => result[key])).toFixed(1)} µs (${results.map(result => result[key].toFixed(1)).join(', ')})`
  console.log(`Engine alone, ${votes} votes at once, median of ${results.length} runs, CPU per vote:`)
  console.log(`- main thread: ${line('main')}`)
  console.log(`- SQLite writer's thread: ${line('writer')}`)
  console.log(`- whole process (V8's helper threads included): ${line('all')}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
