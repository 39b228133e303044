const storageKey = 'prejuges-web2:voter-id'

/**
 * A random id that stays on this phone, so a reload keeps its votes; it names no one. Built from `getRandomValues`
 * because `randomUUID` needs HTTPS, and the vote page is served over plain HTTP on the LAN.
 */
export function loadVoterId(storage: Storage = localStorage): string {
  const existing = storage.getItem(storageKey)
  if (existing && /^[\w-]{16,64}$/.test(existing))
    return existing
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const id = Array.from(bytes, byte => byte.toString(16).padStart(2, '0')).join('')
  storage.setItem(storageKey, id)
  return id
}
