// The part of Slidev's client API this deck uses, mapped in tsconfig.json `paths`. `@slidev/client` ships TypeScript
// sources written for looser compiler settings than this project's strict ones; typing its surface here keeps
// type-checking to our own code. Vite still bundles the real package.
import type { ComputedRef, Ref } from 'vue'

interface SlideRoute {
  no: number
  /** `noteHTML`: the speaker notes, rendered; empty in a build without notes. */
  meta: { slide: { frontmatter: Record<string, any>, noteHTML?: string } }
}

export declare function useNav(): {
  /** Vue Router's instance: `isReady()` resolves once the address the tab was opened at is resolved. */
  router: { isReady: () => Promise<void> }
  isPrintMode: ComputedRef<boolean>
  isPresenter: ComputedRef<boolean>
  /** The audience view of a slide (`/3`), as opposed to the presenter view, the notes, the overview or an export. */
  isPlaying: ComputedRef<boolean>
  currentSlideNo: ComputedRef<number>
  currentSlideRoute: ComputedRef<SlideRoute | undefined>
  slides: Ref<SlideRoute[]>
  clicks: ComputedRef<number>
  go: (no: number, clicks?: number) => Promise<void>
}

export declare function useSlideContext(): {
  $renderContext: Ref<'none' | 'slide' | 'overview' | 'presenter' | 'previewNext'>
  /** The number of the slide being rendered (in the PDF, each printed slide's own). */
  $page: Ref<number>
  $nav: Ref<{ total: number }>
}

/** Stops Slidev's own sync between tabs of one browser (a BroadcastChannel), which lets a viewer tab move the presenter. */
export declare function disableBuiltinSync(): void
