import type { Health } from '../../core/features/health'
import { StorageError } from '../store/event-store'

export type EngineHealth = Health & { problem: string | null }

export interface StorageHealth {
  /** Read by the presenter strip and `/healthz`; updated in place. */
  readonly view: Readonly<EngineHealth>
  /** While the log cannot be read back or followed, commands are refused. */
  readonly halted: boolean
  /** The shared log cannot be followed: commands' events may not come back until it can. */
  readonly unfollowed: boolean
  /** Whether the log could be read back, followed, or written, the last time it was tried (`null`: it could). */
  reading: (problem: string | null) => void
  following: (problem: string | null) => void
  writing: (problem: string | null) => void
  /** A commit failed: shown by the read-back that always follows, so the presenter sees one change, not two. */
  writeFailed: (problem: string) => void
}

const haltedSuffix = 'Les votes sont refusés jusqu’au retour du stockage.'

/** One French sentence for the presenter, whatever the store threw. */
export function problemOf(error: unknown): string {
  return error instanceof StorageError ? error.message : `L’enregistrement des votes a échoué (${(error as Error).message}).`
}

/** What the presenter is told about storage: reading or following trouble halts commands, a failed write does not. */
export function createStorageHealth(changed: () => void): StorageHealth {
  const view: EngineHealth = { storing: true, problem: null }
  let readProblem: string | null = null
  let followProblem: string | null = null
  /** Why the last commit failed, until one succeeds; commands are still tried. */
  let writeProblem: string | null = null

  function show(): void {
    const halting = readProblem ?? followProblem
    const problem = halting === null ? writeProblem : `${halting} ${haltedSuffix}`
    if (view.storing === (problem === null) && view.problem === problem)
      return
    Object.assign(view, { storing: problem === null, problem })
    changed()
  }

  return {
    view,
    get halted() {
      return readProblem !== null || followProblem !== null
    },
    get unfollowed() {
      return followProblem !== null
    },
    reading: (problem) => {
      readProblem = problem
      show()
    },
    following: (problem) => {
      followProblem = problem
      show()
    },
    writing: (problem) => {
      writeProblem = problem
      show()
    },
    writeFailed: (problem) => {
      writeProblem = problem
    },
  }
}
