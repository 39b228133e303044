import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { projectRoot } from './project-root'

/**
 * Runs Slidev's command line and keeps its log, in English and meant for developers, to show only if it fails: the
 * presenter reads French lines of ours instead. Resolves to whether it succeeded.
 */
export async function runSlidev(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const child = spawn(join(projectRoot, 'node_modules', '.bin', 'slidev'), args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => log.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk))
  const status = await new Promise<number | null>(resolve => child.once('close', resolve))
  if (status !== 0)
    process.stderr.write(log.join(''))
  return status === 0
}
