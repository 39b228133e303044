// A ranking on the phone: tap the options in order, adjust with ▲ and ▼, then send. One thumb is enough, and a screen
// reader finds an ordered list, buttons named after their option, and each new place announced.
import type { PollResults, PublicPollDefinition } from '../../core/kinds/registry'
import type { Child } from '../dom'
import type { PhoneCard } from './kind'
import { scoreFigures } from '../../core/kinds/ranking'
import { optionsOf } from '../../core/kinds/wire'
import { h } from '../dom'
import './ranking.css'

/** The card is not redrawn for a draft, so these controls redraw themselves, and put the focus back where it was. */
export function rankingInputs(card: PhoneCard<'ranking'>, draft: (order: number[]) => void): Child[] {
  const options = optionsOf(card.poll)
  let order = [...((card.draft ?? card.recorded)?.order ?? [])]
  const ranked = h('ol', { class: 'ranked' })
  const unranked = h('div', { class: 'unranked' })
  const announcer = h('p', { 'class': 'visually-hidden', 'aria-live': 'polite' })
  const send = h('button', { type: 'submit', class: 'send' }, 'Valider mon classement') as HTMLButtonElement
  const restart = h('button', { type: 'button', class: 'restart' }, 'Recommencer')

  const button = (attributes: Record<string, string | boolean>, content: Child, click: () => void): HTMLButtonElement => {
    const element = h('button', { type: 'button', ...attributes }, content) as HTMLButtonElement
    element.addEventListener('click', click)
    return element
  }

  /** Draws `next`, keeps it as the draft, says where `moved` now stands, and gives the focus to `focus` (drawn by then). */
  const change = (next: number[], moved: number | null, focus: () => HTMLElement | null): void => {
    order = next
    draft(order)
    draw()
    announcer.textContent = moved === null ? 'Classement effacé.' : `« ${options[moved]} » : position ${order.indexOf(moved) + 1} sur ${options.length}.`
    focus()?.focus()
  }

  function draw(): void {
    ranked.replaceChildren(...order.map((option, index) => {
      const label = options[option]!
      const move = (step: -1 | 1): HTMLButtonElement => button(
        { 'class': 'move', 'aria-label': `${step < 0 ? 'Monter' : 'Descendre'} « ${label} »`, 'data-step': String(step), 'disabled': order[index + step] === undefined },
        // The arrow is drawn in CSS, for the eye: a ▲ in the text would be read out, and its contrast left undecided.
        null,
        () => {
          const next = [...order]
          next.splice(index, 1)
          next.splice(index + step, 0, option)
          // The same arrow if it can still be used, else the other one: the focus never falls to the page.
          change(next, option, () => ranked.querySelector(`[data-option="${option}"] [data-step="${step}"]:enabled`) ?? ranked.querySelector(`[data-option="${option}"] .move:enabled`))
        },
      )
      return h('li', { 'data-option': String(option) }, h('span', { 'class': 'place', 'aria-hidden': 'true' }, String(index + 1)), h('span', { class: 'label' }, label), move(-1), move(1))
    }))
    unranked.replaceChildren(...options.flatMap((label, option) => order.includes(option)
      ? []
      : [button({ class: 'option' }, label, () => change([...order, option], option, () => unranked.querySelector('button') ?? send))]))
    send.disabled = order.length < options.length
    restart.hidden = order.length === 0
  }

  restart.addEventListener('click', () => change([], null, () => unranked.querySelector('button')))
  draw()
  return [ranked, unranked, announcer, send, restart]
}

/** The order the form shows, if every option has its place. */
export function rankedOrder(form: HTMLFormElement, card: PhoneCard<'ranking'>): number[] | undefined {
  const order = [...form.querySelectorAll<HTMLElement>('.ranked [data-option]')].map(item => Number(item.dataset.option))
  return order.length === optionsOf(card.poll).length ? order : undefined
}

/** Best first, each bar against the best score. */
export function rankingResults(poll: PublicPollDefinition<'ranking'>, results: PollResults<'ranking'>): Child[] {
  const best = Math.max(1, ...results.scores.map(score => score.points))
  return [h('ol', { class: 'results' }, ...results.scores.map((score) => {
    const { rank, points } = scoreFigures(score)
    const bar = h('span', { 'class': 'bar', 'aria-hidden': 'true' })
    bar.style.width = `${(score.points / best) * 100}%`
    return h('li', {}, h('span', { class: 'label' }, optionsOf(poll)[score.option]), h('span', { class: 'figure' }, rank), bar, points && h('span', { class: 'points' }, points))
  }))]
}
