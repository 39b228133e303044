// The part of Slidev's client API this deck uses, mapped in tsconfig.json `paths`. `@slidev/client` ships TypeScript
// sources written for looser compiler settings than this project's strict ones; typing its surface here keeps
// type-checking to our own code. Vite still bundles the real package.
import type { ComputedRef, Ref } from 'vue'

interface SlideRoute {
  no: number
  meta: { slide: { frontmatter: Record<string, any> } }
}

export declare function useNav(): {
  isPrintMode: ComputedRef<boolean>
  isPresenter: ComputedRef<boolean>
  currentSlideRoute: ComputedRef<SlideRoute | undefined>
}

export declare function useSlideContext(): {
  $renderContext: Ref<'none' | 'slide' | 'overview' | 'presenter' | 'previewNext'>
}
