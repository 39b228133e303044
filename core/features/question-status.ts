// Where a question stands, and who sees it: shared by the questions' rules and by the lists every client holds, which
// must not carry the rules (the phone's bundle holds the lists only).
export type QuestionStatus = 'pending' | 'approved' | 'answered' | 'hidden'

/** Whether the room (screen, phones) sees a question. */
export function isPublic(question: { status: QuestionStatus }): boolean {
  return question.status === 'approved' || question.status === 'answered'
}
