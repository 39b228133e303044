// How the deck draws each poll kind's results: one entry per kind, found by the kind's name.
import type { Component } from 'vue'
import type { PollView } from '../../core/features/poll-views'
import type { PollKindName, PollResults, PublicPollDefinition } from '../../core/kinds/registry'
import { isResultsOf, optionsOf } from '../../core/kinds/wire'
import PollChoiceBars from './PollChoiceBars.vue'
import PollRanking from './PollRanking.vue'
import PollScale from './PollScale.vue'
import PollWordCloud from './PollWordCloud.vue'

interface DeckKind<K extends PollKindName> {
  component: Component
  props: (poll: PublicPollDefinition<K>, results: PollResults<K>, view: PollView) => Record<string, unknown>
}

const optionBars = {
  component: PollChoiceBars,
  props: (poll: { kind: PollKindName, options?: string[] }, results: { counts: number[] }, view: PollView) => ({ options: optionsOf(poll), counts: results.counts, voters: view.voters, correct: view.correct }),
}

export const deckKinds: { [K in PollKindName]: DeckKind<K> } = {
  single: optionBars,
  multi: optionBars,
  quiz: optionBars,
  scale: {
    component: PollScale,
    props: (poll, results, view) => ({ labels: optionsOf(poll), counts: results.counts, voters: view.voters, mean: results.mean }),
  },
  words: {
    component: PollWordCloud,
    props: (_poll, results) => ({ words: results.words }),
  },
  ranking: {
    component: PollRanking,
    props: (poll, results) => ({ options: optionsOf(poll), scores: results.scores }),
  },
}

/** The component and props that draw a poll's results, or `null` while they are hidden from this viewer. */
export function resultsRenderer<K extends PollKindName>(poll: PublicPollDefinition<K>, view: PollView): { component: Component, props: Record<string, unknown> } | null {
  if (!view.results || !isResultsOf(poll.kind, view.results))
    return null
  const entry = deckKinds[poll.kind]
  return { component: entry.component, props: entry.props(poll, view.results, view) }
}
