/** `questionReaders`: phones that opened the room's questions, until their next snapshot. */
export const rooms = { phones: 'phones', questionReaders: 'question-readers', screens: 'screens', presenters: 'presenters' } as const

/** The room of one phone's sockets (tabs), for what concerns it alone. */
export function voterRoom(voterId: string): string {
  return `voter:${voterId}`
}
