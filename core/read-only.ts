// What the engine hands out of its state: everything may be read, nothing changed, however deep. Tallies and answers
// stay as the kinds define them (a kind counts into its own tally; an answer is replaced whole, never changed), and
// travel as they are in snapshots.
import type { Answer, PollTally } from './kinds/registry'

export type ReadOnly<T>
  = T extends PollTally | Answer ? T
    : T extends (...args: never[]) => unknown ? T
      : T extends ReadonlyMap<infer K, infer V> ? ReadonlyMap<K, ReadOnly<V>>
        : T extends ReadonlySet<infer V> ? ReadonlySet<ReadOnly<V>>
          : T extends readonly (infer V)[] ? readonly ReadOnly<V>[]
            : T extends object ? { readonly [K in keyof T]: ReadOnly<T[K]> }
              : T
