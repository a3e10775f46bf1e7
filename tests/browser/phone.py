"""What a 360 px phone screen must hold: no page wider than the screen, and no
content cut off at its right edge unless it sits in a box of its own that
scrolls sideways (a wide table, a chart)."""

from __future__ import annotations

from tests.browser.tab import Tab

PHONE = {"width": 360, "height": 740}

# Elements whose right edge passes the screen's, outside any sideways-scrolling
# box (an element clipped by 'overflow: hidden' counts: that is content cut off,
# unless the box is the 1 px one that hides text for screen readers only).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth
  // Inside a box that scrolls sideways, or a visually hidden one (1 px, clipped).
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX
      if (o === 'auto' || o === 'scroll') return true
      const r = a.getBoundingClientRect()
      if (o === 'hidden' && (r.width <= 1 || r.height <= 1)) return true
    }
    return false
  }
  const out = []
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect()
    if (r.width <= 1 || r.height <= 1) continue
    if (r.right > width + 1 && !contained(el)) {
      const classes = String(el.className).trim().split(/\\s+/).join('.')
      const name = `${el.tagName.toLowerCase()}.${classes}`
      out.push(`${name} right edge at ${Math.round(r.right)} px`)
    }
  }
  return { scrollWidth: document.scrollingElement.scrollWidth, cutOff: out.slice(0, 5) }
}"""


def on_a_phone(tab: Tab) -> Tab:
    tab.page.set_viewport_size(PHONE)
    return tab


def overflow(tab: Tab) -> dict[str, object]:
    found: dict[str, object] = tab.page.evaluate(OVERFLOW)
    return found


def fits_the_screen(tab: Tab) -> None:
    found = overflow(tab)
    where = tab.page.url.removeprefix(tab.base_url)
    assert found["scrollWidth"] <= PHONE["width"], (where, found)  # type: ignore[operator]
    assert not found["cutOff"], (where, found)
