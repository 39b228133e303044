// The room's questions: asked anonymously from phones at any time, voted up, moderated and highlighted by the presenter.
import type { Decision } from './decision'
import type { SessionState } from './state'
import { limits } from '../limits'
import { cleanText } from '../text'
import { accept, refuse } from './decision'

export type QuestionStatus = 'pending' | 'approved' | 'answered' | 'hidden'

export interface Question {
  id: string
  text: string
  /** The phone that asked it: it may not vote for itself, and it sees its own question waiting for approval. */
  askedBy: string
  status: QuestionStatus
  upvoters: Set<string>
}

export interface QuestionsState {
  /** Questions wait for the presenter's approval before the room sees them. */
  moderated: boolean
  items: Map<string, Question>
  /** The question on the screen, over the others. */
  highlighted: string | null
}

export function emptyQuestions(): QuestionsState {
  return { moderated: false, items: new Map(), highlighted: null }
}

export type Moderation = 'approve' | 'hide' | 'answer' | 'highlight' | 'unhighlight'

export type QuestionCommand
  = | { type: 'ask', questionId: string, voterId: string, text: string }
    | { type: 'upvote', questionId: string, voterId: string, upvoted: boolean }
    | { type: 'moderate', questionId: string, action: Moderation }
    | { type: 'set-moderation', moderated: boolean }

export type QuestionEvent
  = | { type: 'question-asked', questionId: string, voterId: string, text: string, pending: boolean }
    | { type: 'question-upvoted' | 'question-unvoted', questionId: string, voterId: string }
    | { type: 'question-approved' | 'question-hidden' | 'question-answered', questionId: string }
    | { type: 'question-highlighted', questionId: string | null }
    | { type: 'moderation-set', moderated: boolean }

export const questionCommandTypes: readonly QuestionCommand['type'][] = ['ask', 'upvote', 'moderate', 'set-moderation']
export const questionEventTypes: readonly QuestionEvent['type'][] = ['question-asked', 'question-upvoted', 'question-unvoted', 'question-approved', 'question-hidden', 'question-answered', 'question-highlighted', 'moderation-set']

/** Whether the room (screen, phones) sees a question. */
export function isPublic(question: Pick<Question, 'status'>): boolean {
  return question.status === 'approved' || question.status === 'answered'
}

const moderationEvents: Record<Exclude<Moderation, 'highlight' | 'unhighlight'>, { status: QuestionStatus, event: 'question-approved' | 'question-hidden' | 'question-answered' }> = {
  approve: { status: 'approved', event: 'question-approved' },
  hide: { status: 'hidden', event: 'question-hidden' },
  answer: { status: 'answered', event: 'question-answered' },
}

export function decideQuestion(state: SessionState, command: QuestionCommand): Decision {
  const { questions } = state
  if (command.type === 'set-moderation')
    return questions.moderated === command.moderated ? accept() : accept({ type: 'moderation-set', moderated: command.moderated })
  if (command.type === 'ask') {
    const text = cleanText(command.text)
    if (text.length === 0 || text.length > limits.questionTextLength)
      return refuse('invalid_question')
    const mine = [...questions.items.values()].filter(question => question.askedBy === command.voterId)
    // The same question sent twice (a retry after a lost acknowledgement) is one question.
    if (questions.items.has(command.questionId) || mine.some(question => question.text === text))
      return accept()
    if (mine.length >= limits.questionsPerVoter || questions.items.size >= limits.questionsPerSession)
      return refuse('too_many_questions')
    return accept({ type: 'question-asked', questionId: command.questionId, voterId: command.voterId, text, pending: questions.moderated })
  }

  const question = questions.items.get(command.questionId)
  if (!question)
    return refuse('unknown_question')
  const { questionId } = command
  if (command.type === 'upvote') {
    if (!isPublic(question))
      return refuse('unknown_question')
    if (question.askedBy === command.voterId)
      return refuse('own_question')
    if (question.upvoters.has(command.voterId) === command.upvoted)
      return accept()
    return accept({ type: command.upvoted ? 'question-upvoted' : 'question-unvoted', questionId, voterId: command.voterId })
  }
  switch (command.action) {
    case 'highlight':
      // A highlighted question is on the screen: it is approved at the same time.
      return accept(
        ...(question.status === 'approved' ? [] : [{ type: 'question-approved' as const, questionId }]),
        ...(questions.highlighted === questionId ? [] : [{ type: 'question-highlighted' as const, questionId }]),
      )
    case 'unhighlight':
      return questions.highlighted === questionId ? accept({ type: 'question-highlighted', questionId: null }) : accept()
    default: {
      const { status, event } = moderationEvents[command.action]
      return question.status === status ? accept() : accept({ type: event, questionId })
    }
  }
}

const statusAfter = { 'question-approved': 'approved', 'question-hidden': 'hidden', 'question-answered': 'answered' } as const

export function applyQuestion(state: SessionState, event: QuestionEvent): boolean {
  const { questions } = state
  switch (event.type) {
    case 'moderation-set':
      questions.moderated = event.moderated
      return true
    case 'question-asked': {
      // Limits hold here too: questions decided at once, before any of them applied, each passed them alone.
      const asked = [...questions.items.values()].filter(question => question.askedBy === event.voterId).length
      if (questions.items.has(event.questionId) || asked >= limits.questionsPerVoter || questions.items.size >= limits.questionsPerSession)
        return false
      questions.items.set(event.questionId, { id: event.questionId, text: event.text, askedBy: event.voterId, status: event.pending ? 'pending' : 'approved', upvoters: new Set() })
      return true
    }
    case 'question-highlighted':
      if (event.questionId !== null && !questions.items.has(event.questionId))
        return false
      questions.highlighted = event.questionId
      return true
    default: {
      const question = questions.items.get(event.questionId)
      if (!question)
        return false
      if (event.type === 'question-upvoted')
        question.upvoters.add(event.voterId)
      else if (event.type === 'question-unvoted')
        question.upvoters.delete(event.voterId)
      else
        question.status = statusAfter[event.type]
      // Leaving the screen: a hidden or answered question is no longer the one shown over the others.
      if (question.status !== 'approved' && questions.highlighted === question.id)
        questions.highlighted = null
      return true
    }
  }
}

/** A question as a viewer sees it: no one learns who asked or who voted. */
export interface QuestionView {
  id: string
  text: string
  status: QuestionStatus
  upvotes: number
  highlighted: boolean
}

function viewOf(question: Question, highlighted: string | null): QuestionView {
  return { id: question.id, text: question.text, status: question.status, upvotes: question.upvoters.size, highlighted: question.id === highlighted }
}

/** The highlighted question first, then open questions by votes, then answered ones; ties in the order they came. */
function ranked(views: QuestionView[]): QuestionView[] {
  const rank = (view: QuestionView): number => view.highlighted ? 0 : view.status === 'answered' ? 2 : 1
  return views.sort((a, b) => rank(a) - rank(b) || b.upvotes - a.upvotes)
}

/** What the room sees (approved and answered questions), or the presenter (all of them, waiting ones first). */
export function viewQuestions(questions: QuestionsState, audience: 'presenter' | 'room'): QuestionView[] {
  const shown = [...questions.items.values()].filter(question => audience === 'presenter' || isPublic(question))
  const views = ranked(shown.map(question => viewOf(question, questions.highlighted)))
  return audience === 'presenter' ? [...views.filter(view => view.status === 'pending'), ...views.filter(view => view.status !== 'pending')] : views
}

/** One phone's own part: the questions it asked (even waiting or hidden ones) and those it voted for. */
export function phoneQuestions(questions: QuestionsState, voterId: string): { asked: QuestionView[], upvoted: string[] } {
  const all = [...questions.items.values()]
  return {
    asked: all.filter(question => question.askedBy === voterId).map(question => viewOf(question, questions.highlighted)),
    upvoted: all.filter(question => question.upvoters.has(voterId)).map(question => question.id),
  }
}
