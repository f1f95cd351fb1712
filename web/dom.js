// Small DOM helpers shared by run_buttons.js, timeline.js and exercises.js
// (each bundle gets its own copy from this one source).

export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A label's {name} placeholders, filled in (ptc.labels).
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => values[k]);

// Save `text` as a file named `filename`, as a download link would.
export function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Run `build`, which changes the page's layout, and keep the element the
// URL's #fragment names where it was on screen: the browser has already
// scrolled to it, and a widget built above it would push it away.
export function keepFragmentInPlace(build) {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  const before = target ? target.getBoundingClientRect().top : null;
  const result = build();
  if (target && before >= 0 && before < innerHeight) {
    const moved = target.getBoundingClientRect().top - before;
    if (Math.abs(moved) >= 1) scrollBy(0, moved);
  }
  return result;
}
