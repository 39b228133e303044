// The phone page drawn from its state: each card says what the server recorded, what is not sent yet, and the results.

import type { Connection } from '../client/vote-client'
import type { Answer, PollKindName, PublicPollDefinition } from '../core/kinds/registry'
import type { PhoneSnapshot } from '../core/protocol'
import type { PollView } from '../core/session/views'
import type { Child } from './dom'
import type { PhoneActions, PhoneCard, PhoneKind } from './kinds/kind'
import { frenchSpacing, withheldNotice } from '../core/format'
import { chosenOption, isAnswerOf, isResultsOf, optionsOf, publicHint, wordsOfAnswer } from '../core/kinds/wire'
import { h } from './dom'
import { phoneKinds } from './kinds/registry'

/** `sending` carries the answer on its way, which the card shows as chosen until the server has it. */
export type Feedback = { kind: 'sending', answer: Answer } | { kind: 'queued' } | { kind: 'error', message: string }

export interface PhoneState {
  connection: Connection
  snapshot: PhoneSnapshot | null
  /** Choices not sent yet: boxes ticked, words typed. */
  drafts: Record<string, Answer>
  /** Answers waiting for the network, by poll. */
  queued: Record<string, Answer>
  feedback: Record<string, Feedback>
}

/** The poll on the presenter's slide, then any other poll still open. */
export function visiblePollIds(snapshot: PhoneSnapshot): { current: string | null, others: string[] } {
  const current = snapshot.focus && snapshot.definitions[snapshot.focus] ? snapshot.focus : null
  return { current, others: Object.keys(snapshot.polls).filter(id => snapshot.polls[id]!.status === 'open' && id !== current && snapshot.definitions[id]) }
}

function kindOf<K extends PollKindName>(card: PhoneCard<K>): PhoneKind<K> {
  return phoneKinds[card.poll.kind]
}

function describe<K extends PollKindName>(card: PhoneCard<K>, answer: Answer): string {
  return isAnswerOf(card.poll.kind, answer) ? `« ${kindOf(card).describe(card.poll, answer)} »` : ''
}

/** This phone's answer as it still counts, without the words the presenter removed, and what it says of those. */
function counted<K extends PollKindName>(card: PhoneCard<K>, state: PhoneState): { answer: Answer<K> | undefined, note: string } {
  const { recorded } = card
  const removed = state.snapshot?.removed[card.id] ?? []
  const { withWords } = kindOf(card)
  const given = recorded ? wordsOfAnswer(recorded) : []
  if (!withWords || !given.some(word => removed.includes(word)))
    return { answer: recorded, note: '' }
  const words = given.filter(word => !removed.includes(word))
  const gone = given.filter(word => removed.includes(word))
  const quotes = gone.map(word => `« ${word} »`).join(', ')
  return {
    answer: words.length > 0 ? withWords(words) : undefined,
    note: gone.length > 1 ? ` Vos mots ${quotes} ont été retirés par l’animateur : ils ne sont pas comptés.` : ` Votre mot ${quotes} a été retiré par l’animateur : il n’est pas compté.`,
  }
}

/** What a phone shows of a poll: the server's record of this phone's answer, and what it has not sent yet. */
function cardFor<K extends PollKindName>(id: string, poll: PublicPollDefinition<K>, view: PollView, recorded: Answer | undefined, draft: Answer | undefined): PhoneCard<K> {
  const ofThisKind = (answer: Answer | undefined): Answer<K> | undefined => answer && isAnswerOf(poll.kind, answer) ? answer : undefined
  return { id, poll, view, recorded: ofThisKind(recorded), draft: ofThisKind(draft) }
}

/** The truth about this phone's answer, in one line: recorded, waiting, or not sent yet. */
function statusLine(card: PhoneCard, state: PhoneState): string {
  const { view, recorded, draft } = card
  const { answer, note } = counted(card, state)
  const feedback = state.feedback[card.id]
  const queued = state.queued[card.id]
  if (feedback?.kind === 'sending')
    return 'Envoi…'
  if (queued)
    return `Hors ligne : votre réponse ${describe(card, queued)} partira dès le retour de la connexion.`
  if (feedback?.kind === 'error')
    return feedback.message
  if (view.status === 'idle')
    return 'Le vote n’est pas encore ouvert.'
  if (view.status === 'closed')
    return answer ? `Vote clos. Réponse comptée : ${describe(card, answer)}.${note}` : `Vote clos.${note || ' Aucune réponse de ce téléphone.'}`
  if (draft && JSON.stringify(draft) !== JSON.stringify(recorded))
    return `Pas encore envoyé : validez pour enregistrer ce choix.${recorded ? ` Réponse enregistrée pour l’instant : ${describe(card, recorded)}.` : ''}`
  return answer ? `✓ Réponse enregistrée : ${describe(card, answer)}. Vous pouvez la modifier tant que le vote est ouvert.${note}` : note.trim()
}

/** For a quiz whose answer is out: whether this phone had it right. */
function verdict(card: PhoneCard): Child {
  const { view, recorded } = card
  const chosen = recorded ? chosenOption(recorded) : null
  if (view.correct === null || !recorded || chosen === null)
    return null
  const right = optionsOf(card.poll)[view.correct]
  return h('p', { class: 'answer' }, chosen === view.correct ? `Bonne réponse ! Vous aviez choisi « ${right} ».` : `Vous aviez choisi ${describe(card, recorded)} ; la bonne réponse était « ${right} ».`)
}

function resultsSection<K extends PollKindName>(card: PhoneCard<K>, threshold: number): Child {
  const { view } = card
  // Too few voters: the server sent no results, only their number; a quiz's answer still comes out.
  if (view.withheld)
    return h('section', { 'class': 'revealed', 'aria-label': 'Résultats' }, h('h2', {}, 'Résultats'), verdict(card), h('p', { class: 'withheld' }, withheldNotice(threshold)))
  if (!view.results || !isResultsOf(card.poll.kind, view.results))
    return null
  return h('section', { 'class': 'revealed', 'aria-label': 'Résultats' }, h('h2', {}, 'Résultats'), verdict(card), ...kindOf(card).results(card.poll, view.results, view))
}

function renderCard<K extends PollKindName>(card: PhoneCard<K>, state: PhoneState, actions: PhoneActions): { element: HTMLElement, status: HTMLElement } {
  const { id, poll, view } = card
  const kind = kindOf(card)
  const open = view.status === 'open'
  const form = h('form', { 'data-poll': id }) as HTMLFormElement
  form.append(h(
    'fieldset',
    { disabled: !open },
    // The slide's non-breaking spaces shape its large heading on the projection; on a phone the question flows.
    h('legend', { id: `question-${id}`, class: 'question' }, poll.question.replace(/\u00A0/g, ' ')),
    poll.repeats && h('p', { class: 'hint' }, 'Même question qu’avant les faits : votre avis a-t-il changé ?'),
    open && h('p', { class: 'hint' }, publicHint(poll)),
    ...kind.inputs(open ? card : { ...card, draft: undefined }, actions),
  ))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const answer = kind.submitted?.(form, card)
    if (answer)
      actions.vote(id, answer)
  })
  const status = h('p', { class: `status ${state.feedback[id]?.kind ?? ''}`, role: 'status' }, statusLine(card, state))
  return { element: h('article', { 'class': 'poll', 'aria-labelledby': `question-${id}` }, form, status, resultsSection(card, state.snapshot?.threshold ?? 0)), status }
}

function sendingAnswer(feedback: Feedback | undefined): Answer | undefined {
  return feedback?.kind === 'sending' ? feedback.answer : undefined
}

/**
 * Renders the visible polls, rebuilding a card only when what the server says of it has changed, so that ticking a box
 * or typing is not interrupted; its status line follows every change, unsent choices included.
 */
export function createRenderer(container: HTMLElement, actions: PhoneActions): (state: PhoneState) => void {
  const rendered = new Map<string, { signature: string, element: HTMLElement, status: HTMLElement, sending?: boolean }>()
  const othersHeading = h('h2', { class: 'others' })
  const waiting = (text: string): void => {
    container.replaceChildren(h('p', { class: 'waiting' }, text))
    rendered.clear()
  }

  return (state) => {
    const { snapshot } = state
    if (!snapshot)
      return waiting(state.connection.refusal?.message ?? 'Connexion au serveur de vote…')
    const { current, others } = visiblePollIds(snapshot)
    if (!current && others.length === 0)
      return waiting('En attente de la prochaine question…')
    // The voter's own answer, just recorded or refused: its status line must show, not hide under the reactions bar.
    const answered: HTMLElement[] = []
    const element = (id: string): HTMLElement => {
      const card = cardFor(id, snapshot.definitions[id]!, snapshot.polls[id]!, snapshot.answers[id], state.drafts[id] ?? state.queued[id] ?? sendingAnswer(state.feedback[id]))
      const { draft: _draft, ...shown } = card
      const signature = JSON.stringify([shown, state.feedback[id], state.queued[id]])
      const sending = state.feedback[id]?.kind === 'sending'
      const previous = rendered.get(id)
      const shownCard = previous?.signature === signature ? previous : { signature, ...renderCard(card, state, actions) }
      if (shownCard === previous)
        previous.status.textContent = frenchSpacing(statusLine(card, state))
      if (previous?.sending && !sending)
        answered.push(shownCard.status)
      rendered.set(id, { ...shownCard, sending })
      return shownCard.element
    }
    const focus = focusedField(container)
    othersHeading.textContent = current ? 'Autre vote encore ouvert' : 'Vote encore ouvert'
    const children = [...(current ? [element(current)] : []), ...(others.length > 0 ? [othersHeading, ...others.map(element)] : [])]
    // Moving a node out and back in the page takes the focus (and a phone's keyboard) away from it: only when it changed.
    if (children.length !== container.children.length || children.some((child, index) => container.children[index] !== child))
      container.replaceChildren(...children)
    focus?.restore()
    answered.forEach(status => status.scrollIntoView({ block: 'nearest' }))
  }
}

/**
 * What the voter is on, to give it back if its card is redrawn meanwhile (the server said something new about the
 * poll): a phone's keyboard must not close in the middle of a word, and a ▲ or ▼ just used keeps the focus.
 */
function focusedField(container: HTMLElement): { restore: () => void } | null {
  const active = document.activeElement
  const label = active?.getAttribute('aria-label')
  if (active instanceof HTMLButtonElement && label && container.contains(active)) {
    return {
      restore: () => [...container.querySelectorAll('button')].find(button => button.getAttribute('aria-label') === label)?.focus(),
    }
  }
  if (!(active instanceof HTMLInputElement) || !container.contains(active))
    return null
  const { name, selectionStart, selectionEnd } = active
  const form = active.form?.dataset.poll
  return {
    restore: () => {
      const field = container.querySelector<HTMLInputElement>(`form[data-poll="${form}"] input[name="${name}"]`)
      if (field && field !== document.activeElement) {
        field.focus()
        if (field.type === 'text')
          field.setSelectionRange(selectionStart, selectionEnd)
      }
    },
  }
}
