// The phone's renderer for each poll kind, found by the kind's name.
import type { PollKindName } from '../../core/kinds/registry'
import type { PhoneKind } from './kind'
import { formatMean } from '../../core/format'
import { optionsOf } from '../../core/kinds/wire'
import { h } from '../dom'
import { boxInputs, checkedOptions, optionBars, tapInputs } from './options'
import { rankedOrder, rankingInputs, rankingResults } from './ranking'
import { wordInputs, wordList, wordsInForm } from './words'

const optionLabel = (poll: Parameters<typeof optionsOf>[0], index: number): string => optionsOf(poll)[index] ?? ''

export const phoneKinds: { [K in PollKindName]: PhoneKind<K> } = {
  single: {
    inputs: (card, { vote }) => tapInputs(card, (card.draft ?? card.recorded)?.choice, choice => vote(card.id, { kind: 'single', choice })),
    describe: (poll, answer) => optionLabel(poll, answer.choice),
    results: (poll, results, view) => optionBars(optionsOf(poll), results.counts, view),
  },
  quiz: {
    inputs: (card, { vote }) => tapInputs(card, (card.draft ?? card.recorded)?.choice, choice => vote(card.id, { kind: 'quiz', choice })),
    describe: (poll, answer) => optionLabel(poll, answer.choice),
    results: (poll, results, view) => optionBars(optionsOf(poll), results.counts, view),
  },
  scale: {
    inputs: (card, { vote }) => tapInputs(card, (card.draft ?? card.recorded)?.point, point => vote(card.id, { kind: 'scale', point })),
    describe: (poll, answer) => optionLabel(poll, answer.point),
    results: (poll, results, view) => [
      ...optionBars(optionsOf(poll), results.counts, view),
      results.mean !== null && h('p', {}, `Moyenne : ${formatMean(results.mean)} sur ${optionsOf(poll).length}`),
    ],
  },
  multi: {
    inputs: (card, { draft }) => boxInputs(card, (card.draft ?? card.recorded)?.choices ?? [], card.poll.max ?? 1, choices => draft(card.id, { kind: 'multi', choices })),
    submitted: (form, card) => {
      const choices = checkedOptions(form, card)
      return choices.length > 0 ? { kind: 'multi', choices } : undefined
    },
    describe: (poll, answer) => answer.choices.map(choice => optionLabel(poll, choice)).join(', '),
    results: (poll, results, view) => optionBars(optionsOf(poll), results.counts, view),
  },
  words: {
    inputs: (card, { draft }) => wordInputs(card.poll.max ?? 1, (card.draft ?? card.recorded)?.words ?? [], words => draft(card.id, { kind: 'words', words })),
    submitted: (form) => {
      const words = wordsInForm(form)
      return words.length > 0 ? { kind: 'words', words } : undefined
    },
    describe: (_poll, answer) => answer.words.join(', '),
    results: (_poll, results) => wordList(results.words),
    withWords: words => ({ kind: 'words', words }),
  },
  ranking: {
    inputs: (card, { draft }) => rankingInputs(card, order => draft(card.id, { kind: 'ranking', order })),
    submitted: (form, card) => {
      const order = rankedOrder(form, card)
      return order && { kind: 'ranking', order }
    },
    describe: (poll, answer) => answer.order.map((option, index) => `${index + 1}. ${optionLabel(poll, option)}`).join(', '),
    results: rankingResults,
  },
}
