import type { WordCount } from '../../core/kinds/words'
import type { Child } from '../dom'
import { limits } from '../../core/limits'
import { h } from '../dom'

export function wordInputs(count: number, values: readonly string[], draft: (words: string[]) => void): Child[] {
  const fields = Array.from({ length: count }, (_, index) => {
    const input = h('input', { type: 'text', name: `word-${index}`, maxlength: String(limits.wordLength), autocomplete: 'off', autocapitalize: 'none', enterkeyhint: 'send' }) as HTMLInputElement
    input.value = values[index] ?? ''
    input.addEventListener('input', () => draft(fields.map(field => field.value)))
    return input
  })
  return [
    ...fields.map((input, index) => h('label', { class: 'word' }, h('span', {}, count === 1 ? 'Votre mot' : `Mot ${index + 1}`), input)),
    h('button', { type: 'submit', class: 'send' }, 'Envoyer'),
  ]
}

export function wordsInForm(form: HTMLFormElement): string[] {
  return [...new FormData(form).entries()].filter(([name]) => name.startsWith('word-')).map(([, value]) => String(value).trim()).filter(Boolean)
}

export function wordList(words: WordCount[]): Child[] {
  return [h('ul', { class: 'words' }, ...words.map(word => h('li', {}, `${word.text} (${word.count})`)))]
}
