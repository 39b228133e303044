import type { ComputedRef } from 'vue'
import type { RecordedDecision } from '../core/features/decision'
import type { Health } from '../core/features/health'
import type { PollView } from '../core/features/poll-views'
import type { RoomBounds } from '../core/features/presence'
import type { QuestionView } from '../core/features/question-list'
import type { SessionInfo } from '../core/features/sessions'
import type { PublicCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { DeckSnapshot } from '../core/protocol'
import { useNav } from '@slidev/client'
import { catalog, talk } from 'virtual:live-polls'
import { computed, watchEffect } from 'vue'
import { printSnapshotGlobal } from '../core/print-snapshot'
import { connectVotes, voteConnection } from './vote-connection'

/** Live on screen; print in the PDF (final results, no socket); offline while the server cannot be reached. */
export type PollMode = 'live' | 'print' | 'offline'

export interface LivePolls {
  mode: ComputedRef<PollMode>
  catalog: PublicCatalog
  session: ComputedRef<SessionInfo | null>
  joinUrl: ComputedRef<string | null>
  phones: ComputedRef<number>
  /** Devices phones came from: a poll with more ballots than this deserves a look. */
  addresses: ComputedRef<number>
  /** Phones the limit per address turned away, and the bounds the presenter may change. */
  refused: ComputedRef<number>
  bounds: ComputedRef<RoomBounds | null>
  health: ComputedRef<Health | null>
  /** Why the server turned this tab away, and what to do. */
  refusal: ComputedRef<string | null>
  /** This tab drives the polls: the presenter view, with the presenter's rights. */
  presenting: ComputedRef<boolean>
  view: (pollId: string) => PollView | undefined
  /** The small-room minimum: under it, no distribution reaches the deck, only how many voted. */
  threshold: ComputedRef<number>
  /** The room's questions: all of them for the presenter, the approved ones for the screen and the PDF. */
  questions: ComputedRef<QuestionView[]>
  moderated: ComputedRef<boolean>
  /** The decision as the presenter recorded it, live or in the PDF; `null` until then. */
  decision: ComputedRef<RecordedDecision | null>
}

/** The results `npm run export` hands the print page; none anywhere else. */
const printSnapshot = (window as { [printSnapshotGlobal]?: PrintSnapshot })[printSnapshotGlobal] ?? null

export function useLivePolls(): LivePolls {
  const { isPrintMode, isPresenter } = useNav()
  watchEffect(() => {
    // A socket opened while exporting would bake a passing state into the PDF, and stall the export.
    if (!isPrintMode.value)
      connectVotes(isPresenter.value)
  })

  const live = computed(() => isPrintMode.value ? null : voteConnection.snapshot)
  /** A field of the features' views in the deck's snapshot, live; `offline` until the server answers, and in the PDF. */
  const liveField = <K extends keyof DeckSnapshot, O>(key: K, offline: O): ComputedRef<DeckSnapshot[K] | O> => computed(() => live.value?.[key] ?? offline)
  /** The same, and in the PDF the session's final value, which the export hands the page. */
  const recorded = <K extends keyof DeckSnapshot & keyof PrintSnapshot, O>(key: K, offline: O): ComputedRef<NonNullable<DeckSnapshot[K] | PrintSnapshot[K]> | O> =>
    computed(() => (isPrintMode.value ? printSnapshot?.[key] : live.value?.[key]) ?? offline)
  return {
    mode: computed(() => isPrintMode.value ? 'print' : voteConnection.connection.status === 'online' && voteConnection.snapshot ? 'live' : 'offline'),
    catalog,
    session: recorded('session', null),
    joinUrl: liveField('joinUrl', null),
    phones: liveField('phones', 0),
    addresses: liveField('addresses', 0),
    refused: liveField('refused', 0),
    bounds: liveField('bounds', null),
    health: liveField('health', null),
    refusal: computed(() => voteConnection.connection.refusal?.message ?? null),
    presenting: computed(() => !isPrintMode.value && isPresenter.value && voteConnection.connection.status === 'online' && live.value?.role === 'presenter'),
    view: pollId => isPrintMode.value ? printSnapshot?.polls[pollId] : live.value?.polls[pollId],
    // The server's, which applies it; talk.yml's, which the deck was built with, before it answers.
    threshold: recorded('threshold', talk.threshold),
    questions: recorded('questions', []),
    moderated: liveField('moderated', false),
    decision: recorded('decision', null),
  }
}
