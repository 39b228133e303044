import antfu from '@antfu/eslint-config'

export default antfu(
  {
    vue: true,
    typescript: true,
    // The deck is French prose with non-breaking spaces; the spell check and the deck tests look after it. The event
    // logs are fixtures written by a release (scripts/event-log-fixture.ts) and must stay byte for byte as written.
    ignores: ['slides.md', 'tests/fixtures/event-log/**'],
  },
  {
    // Command-line entry points talk to the person who ran them.
    files: ['server/main.ts', 'server/deck-build.ts', 'server/vite-plugin.ts', 'scripts/**', 'bench/**', 'tests/support/summary-reporter.ts'],
    rules: { 'no-console': 'off' },
  },
)
