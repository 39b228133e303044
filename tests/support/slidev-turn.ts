import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { isRunning } from './server-process'

const lockDir = join(tmpdir(), 'prejuges-web2-slidev-turn')
const ownerFile = join(lockDir, 'pid')

/** Takes the turn over from a test process that died holding it (a run cut short); true if it did. */
async function takeOverFromTheDead(): Promise<boolean> {
  const owner = Number(await readFile(ownerFile, 'utf8').catch(() => ''))
  // No pid yet: the owner is between its mkdir and its write.
  if (!owner || await isRunning(owner))
    return false
  await rm(lockDir, { recursive: true, force: true })
  return true
}

/**
 * Waits for the turn to run Slidev in the project root, and returns what gives it back. Test files run side by side,
 * and two of them run Slidev there: a build writes, then deletes, an index.html in the root, and the dev server reloads
 * its pages whenever an HTML file in the root changes. Between test processes, so a directory made atomically, not a
 * promise.
 */
export async function takeSlidevTurn(): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(lockDir)
      await writeFile(ownerFile, String(process.pid))
      return () => rm(lockDir, { recursive: true, force: true })
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw error
    }
    if (!await takeOverFromTheDead())
      await new Promise(resolve => setTimeout(resolve, 250))
  }
}
