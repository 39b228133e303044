// What changed since the last update, per audience, as the engine's events come in; and how often updates go out.
import type { PollCatalog } from '../core/poll-catalog'
import type { SessionEvent } from '../core/session/events'
import type { ReadOnlySession } from '../core/session/read-only'
import { wordsOfAnswer } from '../core/kinds/wire'
import { pollAndRepeats } from '../core/poll-catalog'
import { wordKey } from '../core/words'

/**
 * What changed, per audience, since the last update went out; `askers`: phones whose own questions changed;
 * `wordsRemoved`: phones whose words the presenter removed or restored.
 */
export interface Dirty { polls: Set<string>, nav: boolean, presence: boolean, health: boolean, questions: boolean, moderation: boolean, decision: boolean, askers: Set<string>, wordsRemoved: Set<string> }

export function clean(): Dirty {
  return { polls: new Set(), nav: false, presence: false, health: false, questions: false, moderation: false, decision: false, askers: new Set(), wordsRemoved: new Set() }
}

/** Whether phones have something to hear. */
export function phonesConcerned(dirty: Dirty): boolean {
  return dirty.polls.size > 0 || dirty.nav || dirty.questions || dirty.wordsRemoved.size > 0
}

/**
 * Runs `flush` at most once per `intervalMs`: at once when the last run is older than that, otherwise when the interval
 * is up. A lone vote shows without delay; a burst of them shows as a few updates.
 */
export function throttle(intervalMs: number, flush: () => void): { mark: () => void, cancel: () => void } {
  let timer: NodeJS.Timeout | undefined
  let lastRun = Number.NEGATIVE_INFINITY
  const run = (): void => {
    timer = undefined
    lastRun = performance.now()
    flush()
  }
  return {
    mark: () => {
      if (timer)
        return
      const wait = lastRun + intervalMs - performance.now()
      if (wait <= 0)
        run()
      else
        timer = setTimeout(run, wait)
    },
    cancel: () => clearTimeout(timer),
  }
}

/** Ballots change what phones see only once results are revealed to them. */
function concernsPhones(state: ReadOnlySession, event: SessionEvent): boolean {
  return (event.type !== 'ballot-cast' && event.type !== 'word-banned' && event.type !== 'word-restored')
    || state.polls.get(event.pollId)?.revealed === true
}

/** The phones whose answer holds a word, in any spelling. */
function votersOfWord(state: ReadOnlySession, pollId: string, key: string): string[] {
  return [...state.polls.get(pollId)?.ballots ?? []]
    .filter(([, answer]) => wordsOfAnswer(answer).some(word => wordKey(word) === key))
    .map(([voterId]) => voterId)
}

/** Marks what events that took effect change for the decks and for the phones, read against the state they led to. */
export function recordEvents(catalog: PollCatalog, state: ReadOnlySession, events: readonly SessionEvent[], deck: Dirty, phone: Dirty): void {
  for (const event of events) {
    if (event.type === 'presenter-moved') {
      deck.nav = true
      phone.nav = true
    }
    // Phones do not show the decision: the projection does.
    else if (event.type === 'decision-recorded') {
      deck.decision = true
    }
    else if ('pollId' in event) {
      // A poll's change shows in the movement of the polls that repeat it.
      pollAndRepeats(catalog, event.pollId).forEach(pollId => deck.polls.add(pollId))
      if (concernsPhones(state, event))
        phone.polls.add(event.pollId)
      if (event.type === 'word-banned' || event.type === 'word-restored')
        votersOfWord(state, event.pollId, event.word).forEach(voterId => phone.wordsRemoved.add(voterId))
    }
    else {
      deck.questions = true
      phone.questions = true
      if (event.type === 'moderation-set') {
        deck.moderation = true
        phone.moderation = true
      }
      const asker = 'questionId' in event && event.questionId !== null ? state.questions.items.get(event.questionId)?.askedBy : undefined
      if (asker)
        phone.askers.add(asker)
    }
  }
}
