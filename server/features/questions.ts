// The room's questions on the wire. Each audience gets the questions that changed since its last update: an upvote
// costs one question, not the list. The room (phones, screens) gets its most voted ones only, and a phone only once it
// opens them (`questions:follow`): its first load stays light however many questions the session holds.
import type { QuestionsViews } from '../../core/features/question-list'
import type { QuestionEvent } from '../../core/features/questions'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { phoneQuestions, viewQuestions } from '../../core/features/question-list'
import { limits } from '../../core/limits'
import { rooms } from '../rooms'
import { createQuestionFeed } from './question-feed'

/** `askers`: phones whose own questions changed. */
interface QuestionsChanged { questions: boolean, moderation: boolean, askers: Set<string> }

export function questionsServer({ engine, snapshotLimiter }: ServerContext): FeatureServer<QuestionsViews, QuestionEvent, QuestionsChanged> & { follow: Handler<'questions:follow'> } {
  const roomQuestions = (): ReturnType<typeof viewQuestions> => viewQuestions(engine.state.questions, 'room', limits.questionsShownToRoom)
  const feeds = {
    presenter: createQuestionFeed(() => viewQuestions(engine.state.questions, 'presenter')),
    screen: createQuestionFeed(roomQuestions),
    phone: createQuestionFeed(roomQuestions),
  }
  const moderated = (): boolean => engine.state.questions.moderated
  return {
    unchanged: () => ({ questions: false, moderation: false, askers: new Set() }),
    noted: (event, state, deck, phone) => {
      deck.questions = true
      phone.questions = true
      if (event.type === 'moderation-set') {
        deck.moderation = true
        phone.moderation = true
      }
      const asker = 'questionId' in event && event.questionId !== null ? state.questions.items.get(event.questionId)?.askedBy : undefined
      if (asker)
        phone.askers.add(asker)
      return true
    },
    // The list as last sent to this audience, which the next update's patch applies to.
    deck: role => ({ questions: feeds[role].sent(), moderated: moderated() }),
    deckUpdate: (role, changed) => {
      const questionPatch = changed.questions && feeds[role].advance()
      return { ...(questionPatch && { questionPatch }), ...(changed.moderation && { moderated: moderated() }) }
    },
    // Sent when the phone opens them (`questions:follow`): the first load stays light however many there are.
    phone: () => ({ questions: [], moderated: moderated() }),
    voter: voterId => phoneQuestions(engine.state.questions, voterId),
    phoneUpdate: (changed) => {
      const questionPatch = changed.questions && feeds.phone.advance()
      return { all: changed.moderation ? { moderated: moderated() } : {}, followers: questionPatch ? { questionPatch } : {} }
    },
    voterUpdates: changed => [...changed.askers].map(voterId => [voterId, { asked: phoneQuestions(engine.state.questions, voterId).asked }]),
    restart: () => Object.values(feeds).forEach(feed => feed.reset()),
    // The list costs about what a snapshot does: the same budget per address.
    follow: (_payload, socket) => {
      if (!snapshotLimiter(socket.data.address))
        return { ok: false, error: 'rate_limited' }
      socket.join(rooms.questionReaders)
      socket.emit('phone:update', { questionPatch: { changed: feeds.phone.sent(), removed: [] } })
      return { ok: true }
    },
  }
}
