// The room's questions on the phone: ask one at any time, anonymously, and vote for the others' questions.
import type { QuestionView } from '../../core/features/question-list'
import type { PhoneSnapshot } from '../../core/protocol'
import type { PhoneFeature } from './feature'
import { limits } from '../../core/limits'
import { h } from '../dom'

interface QuestionActions {
  /** Resolves with a French message if the question was refused, `null` once the server has it. */
  ask: (text: string) => Promise<string | null>
  upvote: (questionId: string, upvoted: boolean) => void
  /** Asks for the room's questions: they are not part of the first load, which stays light in a full session. */
  follow: () => void
}

const ownStatus: Record<QuestionView['status'], string> = {
  pending: 'En attente de validation par l’animateur.',
  approved: 'Affichée pour la salle.',
  answered: 'Répondue.',
  hidden: 'Non retenue par l’animateur.',
}

function questionItem(question: QuestionView, snapshot: PhoneSnapshot, actions: QuestionActions): HTMLElement {
  const mine = snapshot.asked.some(own => own.id === question.id)
  const upvoted = snapshot.upvoted.includes(question.id)
  const tags = [question.highlighted && 'À l’écran', question.status === 'answered' && 'Répondue', mine && 'Votre question'].filter(Boolean).join(' · ')
  const button = mine || question.status === 'answered'
    ? h('span', { class: 'votes' }, `${question.upvotes} ▲`)
    : h(
        'button',
        { 'type': 'button', 'class': 'upvote', 'aria-pressed': upvoted ? 'true' : 'false' },
        // What shows is the count; what a screen reader says is what the button does.
        h('span', { 'aria-hidden': 'true' }, `▲ ${question.upvotes}`),
        h('span', { class: 'visually-hidden' }, `${upvoted ? 'Retirer mon vote' : 'Voter pour cette question'} (${question.upvotes})`),
      )
  button.addEventListener('click', () => actions.upvote(question.id, !upvoted))
  return h('li', { class: question.highlighted ? 'highlighted' : undefined }, h('p', {}, question.text), tags && h('p', { class: 'tags' }, tags), button)
}

/**
 * The questions section: a form built once (so typing is never interrupted), and lists redrawn from the snapshot: the
 * phone's own questions with what became of them, and the room's, most voted first, once the voter opens them.
 */
function createQuestions(container: HTMLElement, actions: QuestionActions): (snapshot: PhoneSnapshot | null) => void {
  const field = h('textarea', { 'id': 'question', 'name': 'question', 'maxlength': String(limits.questionTextLength), 'rows': '3', 'aria-describedby': 'question-note' }) as HTMLTextAreaElement
  const note = h('p', { id: 'question-note', class: 'hint' })
  const status = h('p', { class: 'status', role: 'status' })
  const form = h('form', {}, h('label', { for: 'question' }, 'Votre question, anonyme'), field, note, h('button', { type: 'submit', class: 'send' }, 'Envoyer la question'), status)
  const own = h('ul', { 'class': 'own', 'aria-label': 'Vos questions' })
  const room = h('ul', { 'class': 'questions', 'aria-label': 'Questions de la salle' })
  const open = h('button', { type: 'button', class: 'upvote' }, 'Voir les questions de la salle')
  const none = h('p', { class: 'hint', hidden: true }, 'Aucune question de la salle pour l’instant.')
  open.addEventListener('click', () => {
    open.hidden = true
    actions.follow()
  })
  container.append(h('h2', { id: 'questions-title' }, 'Questions à l’animateur'), form, own, open, none, room)

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = field.value.trim()
    if (!text)
      return
    status.textContent = 'Envoi…'
    void actions.ask(text).then((refusal) => {
      status.textContent = refusal ?? 'Question envoyée.'
      if (!refusal)
        field.value = ''
    })
  })

  return (snapshot) => {
    container.hidden = !snapshot
    if (!snapshot)
      return
    note.textContent = `${limits.questionTextLength} caractères au plus.${snapshot.moderated ? ' L’animateur valide les questions avant de les montrer à la salle.' : ''}`
    // Its own questions the room's list does not show (waiting, hidden, or not among the most voted), with their fate.
    const shown = new Set(snapshot.questions.map(question => question.id))
    own.replaceChildren(...snapshot.asked.filter(question => !shown.has(question.id)).map(question => h('li', {}, h('p', {}, question.text), h('p', { class: 'tags' }, ownStatus[question.status]))))
    room.replaceChildren(...snapshot.questions.map(question => questionItem(question, snapshot, actions)))
    none.hidden = !open.hidden || snapshot.questions.length > 0
  }
}

export const questions: PhoneFeature = {
  section: 'questions',
  mount: (container, client) => {
    /** Whether the voter opened the room's questions: they are not in snapshots, and come again after each. */
    let following = false
    const follow = (): void => {
      following = true
      void client.send('questions:follow', {})
    }
    const redraw = createQuestions(container, {
      ask: async (text) => {
        const result = await client.send('question:ask', { text })
        return result.ok ? null : result.lost ? 'Pas de réponse du serveur : votre question n’est peut-être pas partie. Réessayez.' : result.message
      },
      upvote: (questionId, upvoted) => void client.send('question:upvote', { questionId, upvoted }).then((result) => {
        if (result.ok)
          client.amend(snapshot => ({ ...snapshot, upvoted: upvoted ? [...snapshot.upvoted, questionId] : snapshot.upvoted.filter(id => id !== questionId) }))
      }),
      follow,
    })
    return {
      redraw: page => redraw(page.snapshot),
      resync: () => {
        if (following)
          follow()
      },
    }
  },
}
