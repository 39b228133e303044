// The room's questions: asked anonymously from phones at any time, voted up, moderated and highlighted by the presenter.
import type { SessionFeature, Verdict } from './feature'
import type { QuestionStatus } from './question-status'
import * as v from 'valibot'
import { voterIdSchema } from '../inbound'
import { limits } from '../limits'
import { cleanText } from '../text'
import { accept, message, refuse } from './feature'
import { isPublic } from './question-status'

export interface Question {
  id: string
  text: string
  /** The phone that asked it: it may not vote for itself, and it sees its own question waiting for approval. */
  askedBy: string
  status: QuestionStatus
  upvoters: Set<string>
  /** Its place in the order questions came in this session: equal votes are ranked by it, everywhere alike. */
  seq: number
}

export interface QuestionsState {
  /** Questions wait for the presenter's approval before the room sees them. */
  moderated: boolean
  items: Map<string, Question>
  /** The question on the screen, over the others. */
  highlighted: string | null
  /** Each asker's handle in this session (1, 2, …, in the order they first asked): the presenter names a sender by it. */
  senders: Map<string, number>
}

function emptyQuestions(): QuestionsState {
  return { moderated: false, items: new Map(), highlighted: null, senders: new Map() }
}

export type Moderation = 'approve' | 'hide' | 'answer' | 'highlight' | 'unhighlight'

export type QuestionCommand
  = | { type: 'ask', questionId: string, voterId: string, text: string }
    | { type: 'upvote', questionId: string, voterId: string, upvoted: boolean }
    | { type: 'moderate', questionId: string, action: Moderation }
    | { type: 'set-moderation', moderated: boolean }
    /** Hides at once every question of one sender that is still open (waiting or shown): a flood goes in one move. */
    | { type: 'hide-sender', sender: number }

export type QuestionEvent
  = | { type: 'question-asked', questionId: string, voterId: string, text: string, pending: boolean }
    | { type: 'question-upvoted' | 'question-unvoted', questionId: string, voterId: string }
    | { type: 'question-approved' | 'question-hidden' | 'question-answered', questionId: string }
    | { type: 'question-highlighted', questionId: string | null }
    | { type: 'moderation-set', moderated: boolean }

type Decision = Verdict<QuestionEvent>

/** Whether a question holds a place under the session's cap: a hidden one gives its place back. */
function holdsPlace(question: Question): boolean {
  return question.status !== 'hidden'
}

const moderationEvents: Record<Exclude<Moderation, 'highlight' | 'unhighlight'>, { status: QuestionStatus, event: 'question-approved' | 'question-hidden' | 'question-answered' }> = {
  approve: { status: 'approved', event: 'question-approved' },
  hide: { status: 'hidden', event: 'question-hidden' },
  answer: { status: 'answered', event: 'question-answered' },
}

function decideQuestion(questions: QuestionsState, command: QuestionCommand): Decision {
  if (command.type === 'set-moderation')
    return questions.moderated === command.moderated ? accept() : accept({ type: 'moderation-set', moderated: command.moderated })
  if (command.type === 'hide-sender')
    return hideSender(questions, command.sender)
  if (command.type === 'ask') {
    const text = cleanText(command.text)
    if (text.length === 0 || text.length > limits.questionTextLength)
      return refuse('invalid_question')
    const mine = [...questions.items.values()].filter(question => question.askedBy === command.voterId)
    // The same question sent twice (a retry after a lost acknowledgement) is one question.
    if (questions.items.has(command.questionId) || mine.some(question => question.text === text))
      return accept()
    if (mine.length >= limits.questionsPerVoter)
      return refuse('too_many_questions')
    if (!hasRoom(questions))
      return refuse('questions_full')
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

/** Plain `question-hidden` events, one per question: the log needs no new kind of event, and replays as before. */
function hideSender(questions: QuestionsState, sender: number): Decision {
  const voterId = [...questions.senders].find(([, handle]) => handle === sender)?.[0]
  if (voterId === undefined)
    return refuse('unknown_sender')
  const open = [...questions.items.values()].filter(question => question.askedBy === voterId && (question.status === 'pending' || question.status === 'approved'))
  return accept(...open.map(question => ({ type: 'question-hidden' as const, questionId: question.id })))
}

/** Whether the session takes one more question: under the cap of questions not hidden, and under what it may store. */
function hasRoom(questions: QuestionsState): boolean {
  const held = [...questions.items.values()].filter(holdsPlace).length
  return held < limits.questionsPerSession && questions.items.size < limits.questionsStoredPerSession
}

const statusAfter = { 'question-approved': 'approved', 'question-hidden': 'hidden', 'question-answered': 'answered' } as const

function applyQuestion(questions: QuestionsState, event: QuestionEvent): boolean {
  switch (event.type) {
    case 'moderation-set':
      questions.moderated = event.moderated
      return true
    case 'question-asked': {
      // Limits hold here too: questions decided at once, before any of them applied, each passed them alone.
      const asked = [...questions.items.values()].filter(question => question.askedBy === event.voterId).length
      if (questions.items.has(event.questionId) || asked >= limits.questionsPerVoter || !hasRoom(questions))
        return false
      questions.items.set(event.questionId, { id: event.questionId, text: event.text, askedBy: event.voterId, status: event.pending ? 'pending' : 'approved', upvoters: new Set(), seq: questions.items.size })
      if (!questions.senders.has(event.voterId))
        questions.senders.set(event.voterId, questions.senders.size + 1)
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

const questionId = v.pipe(v.string(), v.maxLength(limits.questionIdLength))

const messages = {
  // Raw text: cleaning may shorten it, so the limit applies after cleaning, in the rules. The id comes from the edge,
  // not from the rules: they stay pure, and the log replays the same question.
  'question:ask': message({
    schema: v.strictObject({ text: v.pipe(v.string(), v.maxLength(limits.questionTextLength * 2)) }),
    right: 'phone',
    command: ({ text }, { voterId, newId }): QuestionCommand => ({ type: 'ask', questionId: `q-${newId()}`, voterId, text }),
  }),
  'question:upvote': message({
    schema: v.strictObject({ questionId, upvoted: v.boolean() }),
    right: 'phone',
    command: ({ questionId, upvoted }, { voterId }): QuestionCommand => ({ type: 'upvote', questionId, upvoted, voterId }),
  }),
  'question:moderate': message({
    schema: v.strictObject({ questionId, action: v.picklist(['approve', 'hide', 'answer', 'highlight', 'unhighlight']) }),
    right: 'presenter',
    command: ({ questionId, action }): QuestionCommand => ({ type: 'moderate', questionId, action }),
  }),
  'questions:moderation': message({ schema: v.strictObject({ moderated: v.boolean() }), right: 'presenter', command: ({ moderated }): QuestionCommand => ({ type: 'set-moderation', moderated }) }),
  'questions:hide-sender': message({
    schema: v.strictObject({ sender: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(limits.questionsStoredPerSession)) }),
    right: 'presenter',
    command: ({ sender }): QuestionCommand => ({ type: 'hide-sender', sender }),
  }),
  /** Answered by the server itself: the room's questions, and what changes in them from then on. */
  'questions:follow': message({ schema: v.strictObject({}), right: 'phone' }),
}

const voteEvent = <T extends 'question-upvoted' | 'question-unvoted'>(type: T) => ({ schema: v.strictObject({ type: v.literal(type), questionId, voterId: voterIdSchema }), version: 1 })
const statusEvent = <T extends keyof typeof statusAfter>(type: T) => ({ schema: v.strictObject({ type: v.literal(type), questionId }), version: 1 })

export const questionsFeature: SessionFeature<QuestionsState, QuestionCommand, QuestionEvent, typeof messages> = {
  messages,
  initial: emptyQuestions,
  commandTypes: { 'ask': true, 'upvote': true, 'moderate': true, 'set-moderation': true, 'hide-sender': true },
  events: {
    'question-asked': {
      schema: v.strictObject({ type: v.literal('question-asked'), questionId, voterId: voterIdSchema, text: v.pipe(v.string(), v.maxLength(limits.questionTextLength)), pending: v.boolean() }),
      version: 1,
    },
    'question-upvoted': voteEvent('question-upvoted'),
    'question-unvoted': voteEvent('question-unvoted'),
    'question-approved': statusEvent('question-approved'),
    'question-hidden': statusEvent('question-hidden'),
    'question-answered': statusEvent('question-answered'),
    'question-highlighted': { schema: v.strictObject({ type: v.literal('question-highlighted'), questionId: v.nullable(questionId) }), version: 1 },
    'moderation-set': { schema: v.strictObject({ type: v.literal('moderation-set'), moderated: v.boolean() }), version: 1 },
  },
  decide: (_catalog, questions, command) => decideQuestion(questions, command),
  apply: (_catalog, questions, event) => applyQuestion(questions, event) ? questions : null,
}
