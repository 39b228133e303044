// Polls answered by choosing among options: one tap for single choice, quiz and scale; boxes and a button for multi-select.
import type { PollView } from '../../core/features/poll-views'
import type { Child } from '../dom'
import type { PhoneCard } from './kind'
import { formatPercent, percentOf } from '../../core/format'
import { optionsOf } from '../../core/kinds/wire'
import { h } from '../dom'

function optionInput(card: PhoneCard, type: 'radio' | 'checkbox', index: number, checked: boolean): { input: HTMLInputElement, label: HTMLElement } {
  const input = h('input', { type, name: `poll-${card.id}`, value: String(index), checked }) as HTMLInputElement
  return { input, label: h('label', { class: 'option' }, input, h('span', {}, optionsOf(card.poll)[index]!)) }
}

/** Radio buttons that vote as soon as one is touched; `selected`: the answer on its way or waiting, else the recorded one. */
export function tapInputs(card: PhoneCard, selected: number | undefined, vote: (choice: number) => void): Child[] {
  return optionsOf(card.poll).map((_, index) => {
    const { input, label } = optionInput(card, 'radio', index, index === selected)
    input.addEventListener('change', () => vote(index))
    return label
  })
}

/** Boxes up to a maximum, then a button; past the maximum the other boxes are disabled rather than refused later. */
export function boxInputs(card: PhoneCard, ticked: readonly number[], max: number, draft: (choices: number[]) => void): Child[] {
  const boxes = optionsOf(card.poll).map((_, index) => optionInput(card, 'checkbox', index, ticked.includes(index)))
  const limit = (): void => {
    const count = boxes.filter(({ input }) => input.checked).length
    boxes.forEach(({ input }) => input.disabled = !input.checked && count >= max)
  }
  boxes.forEach(({ input }) => input.addEventListener('change', () => {
    limit()
    draft(boxes.flatMap(({ input: box }, index) => box.checked ? [index] : []))
  }))
  limit()
  return [...boxes.map(({ label }) => label), h('button', { type: 'submit', class: 'send' }, 'Valider mon choix')]
}

export function checkedOptions(form: HTMLFormElement, card: PhoneCard): number[] {
  return new FormData(form).getAll(`poll-${card.id}`).map(Number)
}

/** One bar per option with its share of voters; the quiz's right answer marked once revealed. */
export function optionBars(options: string[], counts: number[], view: PollView): Child[] {
  return [h('ul', { class: 'results' }, ...options.map((label, index) => {
    const percent = percentOf(counts[index] ?? 0, view.voters)
    const bar = h('span', { 'class': 'bar', 'aria-hidden': 'true' })
    bar.style.width = `${percent}%`
    const correct = index === view.correct
    return h('li', { class: correct ? 'correct' : undefined }, h('span', { class: 'label' }, correct ? `✓ ${label}` : label), h('span', { class: 'figure' }, formatPercent(percent)), bar)
  }))]
}
