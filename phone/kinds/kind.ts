import type { Answer, PollKindName, PollResults, PublicPollDefinition } from '../../core/kinds/registry'
import type { PollView } from '../../core/session/views'
import type { Child } from '../dom'

/** One poll on the phone, with what the server recorded for this phone and what the voter has not sent yet. */
export interface PhoneCard<K extends PollKindName = PollKindName> {
  id: string
  poll: PublicPollDefinition<K>
  view: PollView
  recorded: Answer<K> | undefined
  /** Choices made on this phone and not sent yet (boxes ticked, words typed). */
  draft: Answer<K> | undefined
}

export interface PhoneActions {
  vote: (pollId: string, answer: Answer) => void
  /** Keeps choices not sent yet across re-renders. */
  draft: (pollId: string, answer: Answer) => void
}

/** How the phone shows one kind: its controls, the answer it reads back, and its results. */
export interface PhoneKind<K extends PollKindName> {
  /** The controls, showing the draft if there is one, else what is recorded. */
  inputs: (card: PhoneCard<K>, actions: PhoneActions) => Child[]
  /** For kinds sent with a button: the answer the form holds, if complete. */
  submitted?: (form: HTMLFormElement, card: PhoneCard<K>) => Answer | undefined
  /** A recorded answer, in words. */
  describe: (poll: PublicPollDefinition<K>, answer: Answer<K>) => string
  results: (poll: PublicPollDefinition<K>, results: PollResults<K>, view: PollView) => Child[]
  /** For a kind whose words the presenter may remove: the ballot left with some of its words. */
  withWords?: (words: string[]) => Answer<K>
}
