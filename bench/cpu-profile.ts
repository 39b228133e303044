// Where the server's CPU went during one stretch of a run: the V8 profiles that `--cpu-prof` wrote, cut to a window of
// the shared monotonic clock (V8 stamps samples in microseconds of that same clock) and summed by self time.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { projectRoot } from '../server/project-root'

interface CpuProfile {
  nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** A script as the reader knows it: its path in the project, or Node.js's own `node:` name. */
function scriptPath(url: string, root: string): string {
  return url.startsWith('node:') ? url : relative(root, url.replace(/^file:\/\//, ''))
}

/** Where a function lives: a package, the project's own folder, Node.js itself, or V8's bookkeeping. */
function place(url: string, root: string): string {
  if (url === '')
    return 'V8 and native code'
  if (url.startsWith('node:'))
    return 'Node.js'
  const path = scriptPath(url, root)
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/')[0]!
}

/** A function as a reader finds it: its name, and its file and line if it has one. */
function describe({ functionName, url, lineNumber }: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  return url ? `${functionName || '(anonymous)'} ${scriptPath(url, root)}:${lineNumber + 1}` : functionName || '(native)'
}

function shareTable(heading: string, times: Map<string, number>, total: number, rows: number): string[] {
  return [
    `| ${heading} | self time | share |`,
    '| --- | --- | --- |',
    ...[...times].sort(([, a], [, b]) => b - a).slice(0, rows).map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} ms | ${((100 * ms) / total).toFixed(1)} % |`),
  ]
}

/**
 * The top functions and places by self time within the windows, over every profile in `dir`, as Markdown. `root`: the
 * checkout the profiled server ran from, which the files are named from.
 */
export function summarizeProfiles(stretch: string, dir: string, windows: { from: number, to: number }[], root = projectRoot, rows = 15): string {
  const byFunction = new Map<string, number>()
  const byPlace = new Map<string, number>()
  let total = 0
  // `CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile`: thread 0 is the main thread, where the server runs;
  // the others are tsx's module loader, idle by then.
  for (const file of readdirSync(dir).filter(name => /\.\d+\.0\.\d+\.cpuprofile$/.test(name))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const frames = new Map(profile.nodes.map(node => [node.id, node.callFrame]))
    let at = profile.startTime
    profile.samples.forEach((id, index) => {
      // A sample stands for the time since the one before it.
      const ms = profile.timeDeltas[index]! / 1000
      at += profile.timeDeltas[index]!
      if (!windows.some(({ from, to }) => at / 1000 >= from && at / 1000 <= to))
        return
      const frame = frames.get(id)!
      const name = describe(frame, root)
      const where = place(frame.url, root)
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
      byPlace.set(where, (byPlace.get(where) ?? 0) + ms)
      total += ms
    })
  }
  return [
    `CPU profile of the poll server's main thread during ${stretch}: ${total.toFixed(0)} ms of samples. V8 samples on the`,
    'wall clock: a call blocked in the kernel (writev, SQLite\'s fsync) counts for as long as it blocks, and (idle) is',
    'the event loop waiting for I/O.',
    '',
    ...shareTable('function (self time)', byFunction, total, rows),
    '',
    ...shareTable('where', byPlace, total, rows),
  ].join('\n')
}
