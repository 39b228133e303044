import type { ComputedRef } from 'vue'
import type { RecordedDecision } from '../core/features/decision'
import type { Health } from '../core/features/health'
import type { PollView } from '../core/features/poll-views'
import type { RoomBounds } from '../core/features/presence'
import type { QuestionView } from '../core/features/question-list'
import type { PublicCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { SessionInfo } from '../core/session/state'
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
  return {
    mode: computed(() => isPrintMode.value ? 'print' : voteConnection.connection.status === 'online' && voteConnection.snapshot ? 'live' : 'offline'),
    catalog,
    session: computed(() => isPrintMode.value ? printSnapshot?.session ?? null : live.value?.session ?? null),
    joinUrl: computed(() => live.value?.joinUrl ?? null),
    phones: computed(() => live.value?.phones ?? 0),
    addresses: computed(() => live.value?.addresses ?? 0),
    refused: computed(() => live.value?.refused ?? 0),
    bounds: computed(() => live.value?.bounds ?? null),
    health: computed(() => live.value?.health ?? null),
    refusal: computed(() => voteConnection.connection.refusal?.message ?? null),
    presenting: computed(() => !isPrintMode.value && isPresenter.value && voteConnection.connection.status === 'online' && live.value?.role === 'presenter'),
    view: pollId => isPrintMode.value ? printSnapshot?.polls[pollId] : live.value?.polls[pollId],
    // The server's, which applies it; talk.yml's, which the deck was built with, before it answers.
    threshold: computed(() => (isPrintMode.value ? printSnapshot?.threshold : live.value?.threshold) ?? talk.threshold),
    questions: computed(() => (isPrintMode.value ? printSnapshot?.questions : live.value?.questions) ?? []),
    moderated: computed(() => live.value?.moderated ?? false),
    decision: computed(() => (isPrintMode.value ? printSnapshot?.decision : live.value?.decision) ?? null),
  }
}
