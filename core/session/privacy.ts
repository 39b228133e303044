// The small-room rule: under a minimum number of voters, no distribution leaves the server, only how many voted.

export interface Privacy {
  /** Fewer voters than this, and a poll's distribution (or a category of its movement) is withheld from everyone. */
  threshold: number
  /** The projection shows the bars while a vote is open (large rooms); otherwise only how many have voted. */
  liveResults: boolean
}

/** Under three, a share names a person; talk.yml may not set the threshold lower. */
export const minimumThreshold = 3

export const defaultPrivacy: Privacy = { threshold: 5, liveResults: false }

/** Counts shown only from the threshold on; a count under it is `null`. */
export function shownCount(count: number, threshold: number): number | null {
  return count < threshold ? null : count
}
