// Where the phone page gets its state, and how it folds an update into the snapshot it holds. A module of its own, so
// that the page's bundle carries none of the deck's parsers.
import type { PhoneSnapshot, PhoneUpdate } from '../core/protocol'
import type { Channel } from './vote-client'
import { patchQuestions } from '../core/features/question-list'
import { phoneSnapshotSchema, phoneUpdateSchema } from '../core/outbound/phone'

export const phoneChannel: Channel<PhoneSnapshot, PhoneUpdate> = {
  snapshot: { event: 'phone:snapshot', schema: phoneSnapshotSchema },
  update: { event: 'phone:update', schema: phoneUpdateSchema },
  merge: (snapshot, { questionPatch, ...update }) => {
    const polls = { ...snapshot.polls, ...update.polls }
    // An idle poll holds no ballots (it was never opened, or was just reset): any answer shown for it is stale.
    const answers = Object.fromEntries(Object.entries(snapshot.answers).filter(([id]) => polls[id]?.status !== 'idle'))
    const questions = questionPatch ? patchQuestions(snapshot.questions, questionPatch) : snapshot.questions
    return { ...snapshot, ...update, polls, answers, questions }
  },
}
