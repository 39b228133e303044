import { frenchSpacing } from '../core/format'

export type Child = Node | string | false | null | undefined

/**
 * A DOM element with its attributes and children; `true` sets a boolean attribute, `false` or `undefined` leaves it out.
 * Texts get French spacing: no line ends with « or starts with ».
 */
export function h(tag: string, attributes: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true)
      element.setAttribute(name, '')
    else if (typeof value === 'string')
      element.setAttribute(name, value)
  }
  for (const child of children) {
    if (child)
      element.append(typeof child === 'string' ? frenchSpacing(child) : child)
  }
  return element
}
