// How a client folds an update into the snapshot it holds. A field of the update replaces the snapshot's whole, unless
// a feature folds it itself (polls by id, questions by patch): the feature's section of `deck.ts` or `phone.ts` says so.

/** A feature's own way to fold: the update's fields it takes over, and the snapshot's fields it returns from them. */
export interface Fold<S, U> {
  takes: readonly (keyof U)[]
  fold: (snapshot: S, update: U) => Partial<S>
}

/** Every field replaced, but those the folds take over; the folds run in their order, each on the last one's result. */
export function folding<S extends object, U extends object>(folds: readonly Fold<S, U>[]): (snapshot: S, update: U) => S {
  const taken = new Set<PropertyKey>(folds.flatMap(fold => fold.takes))
  return (snapshot, update) => {
    const replaced = Object.fromEntries(Object.entries(update).filter(([field]) => !taken.has(field)))
    return folds.reduce<S>((held, { fold }) => ({ ...held, ...fold(held, update) }), { ...snapshot, ...replaced })
  }
}
