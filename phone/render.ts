import type { Answer, PollResults, PollView, PublicPollDefinition } from '../core/protocol'
import type { Feedback, PhoneState } from './phone-state'
import { formatMean, formatPercent, percentOf } from '../core/format'
import { optionsOf } from '../core/poll-definitions'
import { visiblePollIds } from './phone-state'

export interface PhoneActions {
  vote: (pollId: string, answer: Answer) => void
  /** Keeps choices that are not sent yet across re-renders. */
  draft: (pollId: string, answer: Answer) => void
}

type Child = Node | string | false | null | undefined

function h(tag: string, attributes: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true)
      element.setAttribute(name, '')
    else if (typeof value === 'string')
      element.setAttribute(name, value)
  }
  for (const child of children) {
    if (child)
      element.append(child)
  }
  return element
}

interface PollCard {
  id: string
  definition: PublicPollDefinition
  view: PollView
  answer: Answer | undefined
  draft: Answer | undefined
  feedback: Feedback | undefined
  connected: boolean
}

function hint(definition: PublicPollDefinition): string {
  switch (definition.kind) {
    case 'multi':
      return `Jusqu’à ${definition.max} réponses, puis validez.`
    case 'words':
      return definition.max === 1 ? 'Un mot ou une courte expression, puis envoyez.' : `Jusqu’à ${definition.max} mots, puis envoyez.`
    default:
      return 'Touchez une réponse : elle est enregistrée aussitôt.'
  }
}

function statusText(card: PollCard): string {
  const { feedback, view, answer } = card
  if (!card.connected)
    return 'Hors ligne : votre réponse pourra être envoyée dès le retour de la connexion.'
  if (feedback?.kind === 'sending')
    return 'Envoi…'
  if (feedback?.kind === 'error')
    return feedback.message
  if (view.status === 'idle')
    return 'Le vote n’est pas encore ouvert.'
  if (view.status === 'closed')
    return answer === undefined ? 'Le vote est clos.' : 'Le vote est clos. Votre réponse est comptée.'
  return answer === undefined ? '' : '✓ Réponse enregistrée. Vous pouvez la modifier tant que le vote est ouvert.'
}

function choiceInputs(card: PollCard, actions: PhoneActions): Child[] {
  const { id, definition } = card
  if (definition.kind === 'words')
    return []
  const multiple = definition.kind === 'multi'
  const selected = new Set((multiple ? card.draft ?? card.answer ?? [] : [card.answer]) as (number | undefined)[])
  const inputs = definition.options.map((label, index) => {
    const input = h('input', { type: multiple ? 'checkbox' : 'radio', name: `poll-${id}`, value: String(index), checked: selected.has(index) }) as HTMLInputElement
    return { input, label: h('label', { class: 'option' }, input, h('span', {}, label)) }
  })
  if (!multiple) {
    inputs.forEach(({ input }, index) => input.addEventListener('change', () => actions.vote(id, index)))
    return inputs.map(({ label }) => label)
  }
  // Past the maximum, the remaining boxes are disabled rather than silently refused by the server.
  const limit = (): void => {
    const ticked = inputs.filter(({ input }) => input.checked).length
    inputs.forEach(({ input }) => {
      input.disabled = !input.checked && ticked >= definition.max
    })
  }
  inputs.forEach(({ input }) => input.addEventListener('change', () => {
    limit()
    actions.draft(id, inputs.flatMap(({ input: box }, index) => box.checked ? [index] : []))
  }))
  limit()
  return [...inputs.map(({ label }) => label), h('button', { type: 'submit', class: 'send' }, 'Valider mon choix')]
}

function wordInputs(card: PollCard, actions: PhoneActions): Child[] {
  if (card.definition.kind !== 'words')
    return []
  const values = (card.draft ?? card.answer ?? []) as string[]
  const count = card.definition.max
  const fields = Array.from({ length: count }, (_, index) => {
    const input = h('input', { type: 'text', name: `word-${index}`, maxlength: '30', autocomplete: 'off', autocapitalize: 'none', enterkeyhint: 'send' }) as HTMLInputElement
    input.value = values[index] ?? ''
    input.addEventListener('input', () => actions.draft(card.id, fields.map(field => field.value)))
    return input
  })
  return [
    ...fields.map((input, index) => h('label', { class: 'word' }, h('span', {}, count === 1 ? 'Votre mot' : `Mot ${index + 1}`), input)),
    h('button', { type: 'submit', class: 'send' }, 'Envoyer'),
  ]
}

function submittedAnswer(form: HTMLFormElement, definition: PublicPollDefinition): Answer | undefined {
  const data = new FormData(form)
  if (definition.kind === 'multi') {
    const choices = data.getAll(`poll-${form.dataset.poll}`).map(Number)
    return choices.length > 0 ? choices : undefined
  }
  const words = [...data.entries()].filter(([name]) => name.startsWith('word-')).map(([, value]) => String(value).trim()).filter(Boolean)
  return words.length > 0 ? words : undefined
}

function resultRows(definition: PublicPollDefinition, results: PollResults, voters: number, correct: number | null): HTMLElement {
  if (results.kind === 'words')
    return h('ul', { class: 'words' }, ...results.words.map(word => h('li', {}, `${word.text} (${word.count})`)))
  const options = optionsOf(definition)
  return h('ul', { class: 'results' }, ...options.map((label, index) => {
    const percent = percentOf(results.counts[index] ?? 0, voters)
    const bar = h('span', { 'class': 'bar', 'aria-hidden': 'true' })
    bar.style.width = `${percent}%`
    return h(
      'li',
      { class: index === correct ? 'correct' : undefined },
      h('span', { class: 'label' }, index === correct ? `✓ ${label}` : label),
      h('span', { class: 'figure' }, formatPercent(percent)),
      bar,
    )
  }))
}

function resultsSection(card: PollCard): Child {
  const { view, definition } = card
  if (!view.results)
    return null
  return h(
    'section',
    { 'class': 'revealed', 'aria-label': 'Résultats' },
    h('h2', {}, 'Résultats'),
    view.correct !== null && definition.kind !== 'words' && h('p', { class: 'answer' }, `Bonne réponse : ${definition.options[view.correct]}`),
    resultRows(definition, view.results, view.voters, view.correct),
    view.results.kind === 'scale' && view.results.mean !== null && h('p', {}, `Moyenne : ${formatMean(view.results.mean)} sur 5`),
  )
}

function renderCard(card: PollCard, actions: PhoneActions): HTMLElement {
  const { id, definition, view } = card
  const form = h('form', { 'data-poll': id }) as HTMLFormElement
  form.append(h(
    'fieldset',
    { disabled: view.status !== 'open' || !card.connected },
    h('legend', { id: `question-${id}`, class: 'question' }, definition.question),
    view.status === 'open' && h('p', { class: 'hint' }, hint(definition)),
    ...choiceInputs(card, actions),
    ...wordInputs(card, actions),
  ))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const answer = submittedAnswer(form, definition)
    if (answer)
      actions.vote(id, answer)
  })
  return h(
    'article',
    { 'class': 'poll', 'aria-labelledby': `question-${id}` },
    form,
    h('p', { class: `status ${card.feedback?.kind ?? ''}`, role: 'status' }, statusText(card)),
    resultsSection(card),
  )
}

/** Renders the visible polls, rebuilding a card only when what it shows has changed, so typing is not interrupted. */
export function createRenderer(container: HTMLElement, actions: PhoneActions): (state: PhoneState) => void {
  const rendered = new Map<string, { signature: string, element: HTMLElement }>()

  return (state) => {
    const { snapshot } = state
    if (!snapshot) {
      container.replaceChildren(h('p', { class: 'waiting' }, 'Connexion au serveur de vote…'))
      rendered.clear()
      return
    }
    const cards = visiblePollIds(snapshot).map((id): PollCard => ({
      id,
      definition: snapshot.definitions[id]!,
      view: snapshot.polls[id]!,
      answer: snapshot.answers[id],
      draft: state.drafts[id],
      feedback: state.feedback[id],
      connected: state.connected,
    }))
    if (cards.length === 0) {
      container.replaceChildren(h('p', { class: 'waiting' }, 'En attente de la prochaine question…'))
      rendered.clear()
      return
    }
    const elements = cards.map((card) => {
      const { draft: _draft, ...shown } = card
      const signature = JSON.stringify(shown)
      const previous = rendered.get(card.id)
      if (previous?.signature === signature)
        return previous.element
      const element = renderCard(card, actions)
      rendered.set(card.id, { signature, element })
      return element
    })
    container.replaceChildren(...elements)
  }
}
