import antfu from '@antfu/eslint-config'

export default antfu(
  {
    vue: true,
    typescript: true,
    // The deck is French prose with non-breaking spaces; the spell check and the deck tests look after it.
    ignores: ['slides.md'],
  },
  {
    // Command-line entry points talk to the person who ran them.
    files: ['server/main.ts', 'server/deck-build.ts', 'server/vite-plugin.ts', 'scripts/**', 'bench/**', 'tests/support/summary-reporter.ts'],
    rules: { 'no-console': 'off' },
  },
)
