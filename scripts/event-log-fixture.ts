// Writes today's release's event log fixture (docs/testing.md, « The event log fixtures »):
// node --import tsx scripts/event-log-fixture.ts YYYY-MM-DD
import process from 'node:process'
import { generateFixture } from '../tests/support/event-log-fixture'

const release = process.argv[2]
if (!release || !/^\d{4}-\d{2}-\d{2}$/.test(release))
  throw new Error('Usage: node --import tsx scripts/event-log-fixture.ts YYYY-MM-DD (the release\'s date)')
console.log(`Wrote ${(await generateFixture(release)).join(', ')}.`)
