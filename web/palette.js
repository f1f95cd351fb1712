// The dark-mode toggle, in place of Material's palette component
// (hooks/palette.py inlines this right after the toggle's <form>). It runs
// while the header is parsed, before anything is drawn: Material's own
// component ran after the page was drawn, and changed <body>'s colour
// attributes even when they were unchanged, which restyled the whole page
// two or three times on every load. It keeps Material's behaviour and
// storage (__md_get/__md_set "__palette"): the first visit follows the
// system's light or dark setting, later ones the reader's last choice.
(() => {
  const form = document.currentScript.previousElementSibling;
  const inputs = [...form.querySelectorAll("input[data-md-color-media]")];
  const body = document.body;
  const keys = ["media", "scheme", "primary", "accent"];
  const themeColor = document.createElement("meta");
  const colorScheme = document.createElement("meta");
  themeColor.name = "theme-color";
  colorScheme.name = "color-scheme";
  document.head.append(themeColor, colorScheme);

  function choose(index) {
    const input = inputs[index];
    const color = {};
    for (const key of keys) {
      color[key] = input.getAttribute(`data-md-color-${key}`);
      // Only a changed attribute: each change restyles the whole page.
      if (body.getAttribute(`data-md-color-${key}`) !== color[key]) {
        body.setAttribute(`data-md-color-${key}`, color[key]);
      }
    }
    input.checked = true;
    inputs.forEach((other, i) => {
      const label = other.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    });
    __md_set("__palette", { index, color });
    // The browser's own bars take the header's colour, as in Material.
    const header = getComputedStyle(document.querySelector("[data-md-component=header]"));
    colorScheme.content = header.colorScheme;
    themeColor.content = `#${header.backgroundColor
      .match(/\d+/g)
      .slice(0, 3)
      .map((n) => (+n).toString(16).padStart(2, "0"))
      .join("")}`;
  }

  const stored = __md_get("__palette");
  let index = stored && Number.isInteger(stored.index) ? stored.index : -1;
  if (!(index >= 0 && index < inputs.length)) {
    index = Math.max(
      0,
      inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches),
    );
  }
  choose(index);

  for (const [i, input] of inputs.entries()) {
    input.addEventListener("change", () => {
      // No colour transitions while the scheme switches (Material's CSS).
      body.setAttribute("data-md-color-switching", "");
      choose(i);
      requestAnimationFrame(() => body.removeAttribute("data-md-color-switching"));
    });
  }
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const next = inputs[(inputs.findIndex((input) => input.checked) + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
