import type { PollCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { PollView } from '../core/session/views'
import type { ServerConfig } from './config'
import { viewQuestions } from '../core/session/questions'
import { viewPolls } from '../core/session/views'
import { readSessionState } from './session-read'

/** The results as a reader of the handout may see them: everything, but a quiz's answer only if the room saw it. */
function printedView(view: PollView): PollView {
  return view.revealed ? view : { ...view, correct: null }
}

/** A session's results as the deck's PDF prints them; with no session recorded yet, every poll as never held. */
export async function loadPrintSnapshot(catalog: PollCatalog, config: Pick<ServerConfig, 'dataDir' | 'redisUrl'>, session: string): Promise<PrintSnapshot> {
  const printed = (polls: Record<string, PollView>): Record<string, PollView> =>
    Object.fromEntries(Object.entries(polls).map(([id, view]) => [id, printedView(view)]))
  const state = await readSessionState(catalog, config, session)
  if (!state)
    return { session: null, polls: printed(viewPolls(catalog, new Map(), 'presenter')), questions: [], decision: null }
  return { session: state.session, polls: printed(viewPolls(catalog, state.polls, 'presenter')), questions: viewQuestions(state.questions, 'room'), decision: state.decision }
}
