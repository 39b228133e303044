import type { PollView } from '../core/features/poll-views'
import type { PollCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { Privacy } from '../core/session/privacy'
import type { ServerConfig } from './config'
import { viewPolls } from '../core/features/poll-views'
import { viewQuestions } from '../core/features/question-list'
import { readSessionState } from './session-read'

/** The results as a reader of the handout may see them: what the room could, and a quiz's answer only if the room saw it. */
function printedView(view: PollView): PollView {
  return view.revealed ? view : { ...view, correct: null }
}

/** A session's results as the deck's PDF prints them; with no session recorded yet, every poll as never held. */
export async function loadPrintSnapshot(catalog: PollCatalog, config: Pick<ServerConfig, 'dataDir' | 'redisUrl'>, session: string, privacy: Privacy): Promise<PrintSnapshot> {
  const printed = (polls: Record<string, PollView>): Record<string, PollView> =>
    Object.fromEntries(Object.entries(polls).map(([id, view]) => [id, printedView(view)]))
  const state = await readSessionState(catalog, config, session)
  if (!state)
    return { session: null, polls: printed(viewPolls(catalog, new Map(), 'record', privacy)), threshold: privacy.threshold, questions: [], decision: null }
  return { session: state.session, polls: printed(viewPolls(catalog, state.polls, 'record', privacy)), threshold: privacy.threshold, questions: viewQuestions(state.questions, 'room'), decision: state.decision }
}
