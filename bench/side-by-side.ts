// The poll server and both references, started together and loaded in turns: each connects its own phones, then the
// servers take their bursts in rounds, one server after another, so that a round's three bursts meet the same machine
// within a few seconds, and a ratio taken within a round compares like with like.
import type { ConnectFigures, VoteFigures } from './load'
import type { PhoneFleet } from './phone-fleet'
import type { Presenter } from './presenter'
import type { Rounds, ServerName } from './rounds'
import type { ServerUnderTest } from './servers'
import { burstBallots, castVotes, connectPhones, spreadBallots } from './load'
import { startPhoneFleet } from './phone-fleet'
import { connectPresenter } from './presenter'
import { pinToCore } from './processes'
import { emptyRounds, roundOrder, serverNames } from './rounds'
import { presenterToken } from './servers'

interface SideBySideOptions {
  starts: Record<ServerName, () => Promise<ServerUnderTest>>
  phones: number
  workers: number
  connectConcurrency: number
  /** Servers on the first core, phones on the second: the phones are other devices, they take nothing from the server's core. */
  pin: boolean
  /** Rounds of bursts: each of `size` phones voting at once, on `polls` in turn (each phone votes once per poll). */
  bursts?: { rounds: number, size: number, polls: string[] }
  spread?: { pollId: string, perSecond: number, seconds: number }
}

interface SideBySideFigures {
  connect: Rounds<ConnectFigures>
  burst?: Rounds<VoteFigures>
  spread?: Rounds<VoteFigures>
}

interface Station { server: ServerUnderTest, fleet: PhoneFleet, presenter: Presenter }

async function openStation(start: () => Promise<ServerUnderTest>, options: SideBySideOptions): Promise<Station> {
  const server = await start()
  const fleet = await startPhoneFleet(options.workers).catch(async (error: unknown) => {
    await server.stop()
    throw error
  })
  if (options.pin) {
    server.pids.forEach(pid => pinToCore(pid, 0))
    fleet.pids.forEach(pid => pinToCore(pid, 1))
  }
  return { server, fleet, presenter: await connectPresenter(server.urls[0]!, presenterToken) }
}

async function closeStation({ server, fleet, presenter }: Station): Promise<void> {
  presenter.close()
  await fleet.stop()
  await server.stop()
}

/** Burst `round`'s poll and first phone: every phone votes once per poll, its halves (or thirds…) in turn. */
function burstOf(round: number, { size, polls }: NonNullable<SideBySideOptions['bursts']>, phones: number): { pollId: string, first: number } {
  const groups = Math.max(1, Math.floor(phones / size))
  const pollId = polls[Math.floor(round / groups)]
  if (pollId === undefined)
    throw new Error(`${round + 1} rounds of ${size} votes need more scale polls than the deck's ${polls.length}, or more phones`)
  return { pollId, first: (round % groups) * size }
}

export async function runSideBySide(options: SideBySideOptions): Promise<SideBySideFigures> {
  const stations: Partial<Record<ServerName, Station>> = {}
  const connect = emptyRounds<ConnectFigures>()
  try {
    for (const name of serverNames) {
      const station = stations[name] = await openStation(options.starts[name], options)
      connect[name].push(await connectPhones(station.server, station.fleet, options.phones, options.connectConcurrency))
    }
    const cast = (name: ServerName, pollId: string, ballots: Parameters<typeof castVotes>[4]): Promise<VoteFigures> => {
      const { server, fleet, presenter } = stations[name]!
      return castVotes(server, fleet, presenter, pollId, ballots)
    }
    let burst: Rounds<VoteFigures> | undefined
    if (options.bursts) {
      burst = emptyRounds()
      for (let round = 0; round < options.bursts.rounds; round++) {
        const { pollId, first } = burstOf(round, options.bursts, options.phones)
        for (const name of roundOrder(round))
          burst[name].push(await cast(name, pollId, burstBallots(options.bursts.size, first)))
      }
    }
    let spread: Rounds<VoteFigures> | undefined
    if (options.spread) {
      const { pollId, perSecond, seconds } = options.spread
      spread = emptyRounds()
      for (const name of serverNames)
        spread[name].push(await cast(name, pollId, spreadBallots(options.phones, perSecond, seconds)))
    }
    return { connect, burst, spread }
  }
  finally {
    await Promise.all(Object.values(stations).map(closeStation))
  }
}
