import { useNav } from '@slidev/client'
import { computed, ref, watch } from 'vue'
import { connectVotes, sendPresenterAction, voteConnection } from './vote-connection'

/**
 * The projection follows the presenter through the vote server, from any browser or device. Only a presenter's change
 * of slide moves it: opening or reloading any view sends nothing, so a second presenter view (a tablet) or a screen
 * opened mid-talk never moves anyone, and two presenter views never echo each other.
 */
export function useDeckNavigation(): void {
  const { router, isPrintMode, isPresenter, isPlaying, currentSlideNo, clicks, go } = useNav()
  // Slidev mounts the app before its router has resolved the address the tab was opened at, and loads the presenter
  // view on demand: until then the route is the start one, where a presenter link passes for the audience on slide 1.
  const routed = ref(false)
  const settle = (): void => {
    routed.value = true
  }
  void router.isReady().then(settle, settle)
  /** What this tab shows, once its route is resolved; a print has no socket, it would bake a passing state into the PDF. */
  const view = computed(() => !routed.value || isPrintMode.value ? null : isPresenter.value ? 'presenter' : isPlaying.value ? 'audience' : 'other')

  watch(view, (shown) => {
    if (shown)
      connectVotes(shown === 'presenter')
  }, { immediate: true })

  watch([currentSlideNo, clicks], ([page, clicksNow]) => {
    if (view.value === 'presenter' && voteConnection.snapshot?.role === 'presenter')
      void sendPresenterAction('nav', { page, clicks: clicksNow })
  })

  // Only the audience view follows: a presenter view, the notes or the overview would be taken to the audience view.
  watch([view, () => voteConnection.snapshot?.nav], ([shown, nav]) => {
    if (shown !== 'audience' || !nav || (nav.page === currentSlideNo.value && nav.clicks === clicks.value))
      return
    void go(nav.page, nav.clicks)
  }, { immediate: true })
}
