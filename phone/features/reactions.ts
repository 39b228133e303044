// A few reactions the phone can send to the projection: a light signal, rate-limited by the server.
import type { Reaction } from '../../core/features/reactions'
import type { PhoneFeature } from './feature'
import { limits } from '../../core/limits'
import { h } from '../dom'

const names: Record<Reaction, string> = { '👍': 'D’accord', '👏': 'Bravo', '🤔': 'Perplexe', '❓': 'J’ai une question' }

function reactionButton(reaction: Reaction, react: () => void): HTMLElement {
  // The emoji is what shows; its name is what a screen reader says.
  const button = h('button', { type: 'button', title: names[reaction] }, h('span', { 'aria-hidden': 'true' }, reaction), h('span', { class: 'visually-hidden' }, `Réagir : ${names[reaction]}`))
  button.addEventListener('click', react)
  return button
}

export const reactions: PhoneFeature = {
  section: 'reactions',
  mount: (container, client) => {
    container.append(...limits.reactions.map(reaction => reactionButton(reaction, () => void client.send('react', { reaction }))))
    return {}
  },
}
