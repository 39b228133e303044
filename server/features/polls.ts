// The polls on the wire: each audience's view of the polls that changed, and each phone's own answers and removed words.
import type { PollsViews } from '../../core/features/poll-views'
import type { PollEvent } from '../../core/features/polls'
import type { Answer } from '../../core/kinds/registry'
import type { ReadOnlySession } from '../../core/session/read-only'
import type { FeatureServer, ServerContext } from './feature'
import { viewPolls } from '../../core/features/poll-views'
import { wordsOfAnswer } from '../../core/kinds/wire'
import { pollAndRepeats, publicCatalog } from '../../core/poll-catalog'
import { wordKey } from '../../core/words'

/** `wordsRemoved`: phones whose words the presenter removed or restored. */
interface PollsChanged { polls: Set<string>, wordsRemoved: Set<string> }

/** Ballots change what phones see only once results are revealed to them. */
function concernsPhones(state: ReadOnlySession, event: PollEvent): boolean {
  return (event.type !== 'ballot-cast' && event.type !== 'word-banned' && event.type !== 'word-restored')
    || state.polls.get(event.pollId)?.revealed === true
}

/** The phones whose answer holds a word, in any spelling. */
function votersOfWord(state: ReadOnlySession, pollId: string, key: string): string[] {
  return [...state.polls.get(pollId)?.ballots ?? []]
    .filter(([, answer]) => wordsOfAnswer(answer).some(word => wordKey(word) === key))
    .map(([voterId]) => voterId)
}

/** The words of one phone's answers the presenter removed, as it typed them, by poll. */
function removedWords(state: ReadOnlySession, voterId: string): Record<string, string[]> {
  const removed: Record<string, string[]> = {}
  for (const [id, poll] of state.polls) {
    const answer = poll.ballots.get(voterId)
    const words = answer ? wordsOfAnswer(answer).filter(word => poll.banned.has(wordKey(word))) : []
    if (words.length > 0)
      removed[id] = words
  }
  return removed
}

export function pollsServer({ engine, privacy }: ServerContext): FeatureServer<PollsViews, PollEvent, PollsChanged> {
  const views = (audience: 'presenter' | 'screen' | 'phone', pollIds?: Iterable<string>): PollsViews['deck']['polls'] => viewPolls(engine.catalog, engine.state.polls, audience, privacy, pollIds)
  return {
    unchanged: () => ({ polls: new Set(), wordsRemoved: new Set() }),
    noted: (event, state, deck, phone) => {
      // A poll's change shows in the movement of the polls that repeat it.
      pollAndRepeats(engine.catalog, event.pollId).forEach(pollId => deck.polls.add(pollId))
      if (concernsPhones(state, event))
        phone.polls.add(event.pollId)
      if (event.type === 'word-banned' || event.type === 'word-restored')
        votersOfWord(state, event.pollId, event.word).forEach(voterId => phone.wordsRemoved.add(voterId))
      return phone.polls.size > 0 || phone.wordsRemoved.size > 0
    },
    deck: role => ({ polls: views(role) }),
    deckUpdate: (role, changed) => changed.polls.size > 0 ? { polls: views(role, changed.polls) } : {},
    phone: () => ({ definitions: publicCatalog(engine.catalog).polls, polls: views('phone') }),
    voter: (voterId) => {
      const { catalog, state } = engine
      const answers: Record<string, Answer> = {}
      for (const [id, poll] of state.polls) {
        const answer = poll.ballots.get(voterId)
        if (answer !== undefined && Object.hasOwn(catalog.polls, id))
          answers[id] = answer
      }
      return { answers, removed: removedWords(state, voterId) }
    },
    phoneUpdate: changed => ({ all: changed.polls.size > 0 ? { polls: views('phone', changed.polls) } : {} }),
    voterUpdates: changed => [...changed.wordsRemoved].map(voterId => [voterId, { removed: removedWords(engine.state, voterId) }]),
    restart: () => {},
  }
}
