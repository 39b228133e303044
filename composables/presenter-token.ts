const storageKey = 'prejuges-web2:presenter-token'

/**
 * Takes the token from the presenter link (`/presenter/1#token=…`) and keeps it in this browser. The fragment never
 * reaches a server; the caller then removes it from the address bar, so that it does not end up on the projector.
 */
export function capturePresenterToken(): boolean {
  const token = new URLSearchParams(location.hash.slice(1)).get('token')
  if (token)
    localStorage.setItem(storageKey, token)
  return token !== null
}

export function storedPresenterToken(): string | null {
  return localStorage.getItem(storageKey)
}

export function forgetPresenterToken(): void {
  localStorage.removeItem(storageKey)
}
