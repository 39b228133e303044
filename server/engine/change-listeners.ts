export interface ChangeListeners<T> {
  add: (listener: (change: T) => void) => void
  notify: (change: T) => void
}

/** Listeners told of each change in turn: a failing one must not keep the others, or a batch's answers, waiting. */
export function createChangeListeners<T>(): ChangeListeners<T> {
  const listeners: ((change: T) => void)[] = []
  return {
    add: listener => void listeners.push(listener),
    notify: change => listeners.forEach((listener) => {
      try {
        listener(change)
      }
      catch (error) {
        console.error('Échec de la diffusion des résultats :', error)
      }
    }),
  }
}
