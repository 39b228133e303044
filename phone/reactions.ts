// A few reactions the phone can send to the projection: a light signal, rate-limited by the server.
import type { Reaction } from '../core/features/reactions'
import { limits } from '../core/limits'
import { h } from './dom'

const names: Record<Reaction, string> = { '👍': 'D’accord', '👏': 'Bravo', '🤔': 'Perplexe', '❓': 'J’ai une question' }

export function createReactions(container: HTMLElement, react: (reaction: Reaction) => void): void {
  container.append(...limits.reactions.map((reaction) => {
    // The emoji is what shows; its name is what a screen reader says.
    const button = h('button', { type: 'button', title: names[reaction] }, h('span', { 'aria-hidden': 'true' }, reaction), h('span', { class: 'visually-hidden' }, `Réagir : ${names[reaction]}`))
    button.addEventListener('click', () => react(reaction))
    return button
  }))
}
