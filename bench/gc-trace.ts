// The garbage collections a server ran during a stretch of a run, read from its `--trace-gc` output: one of the
// largest sources of run-to-run noise in CPU per vote, as a full collection of a heap holding 10,000 connections
// falls inside a burst, or just before it.

export interface GcFigures {
  scavenges: number
  /** Full collections (Mark-Compact), with the incremental marking steps that led to them. */
  fullCollections: number
  /** Main-thread time of the collections: their pauses and their incremental marking steps. */
  mainThreadMs: number
}

/** `… 1234 ms: Mark-Compact 94.8 (151.7) -> 73.7 (139.9) MB, 6.75 / 0.00 ms  (+ 45.5 ms in 64 steps …`. */
const gcLine = /ms: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact)\b[^,]*, ([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/g

export function gcFigures(trace: string): GcFigures {
  const figures: GcFigures = { scavenges: 0, fullCollections: 0, mainThreadMs: 0 }
  for (const [, kind, pauseMs, markingMs] of trace.matchAll(gcLine)) {
    if (kind === 'Scavenge' || kind === 'Minor Mark-Compact')
      figures.scavenges += 1
    else
      figures.fullCollections += 1
    figures.mainThreadMs += Number(pauseMs) + Number(markingMs ?? 0)
  }
  return figures
}

export const formatGc = (gc: GcFigures): string => `${gc.scavenges}, ${gc.fullCollections}, ${gc.mainThreadMs.toFixed(0)} ms`
