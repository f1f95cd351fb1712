// Material mounts each code block when it first scrolls into view
// (content.lazy in mkdocs.yml): mounting them all on load forced one layout
// per block, seconds on the teacher's page. Until a block is mounted, this
// does its one job for the keyboard in a single pass, all reads before any
// write: a block that scrolls sideways takes focus, where a pointer can
// hover, as in Material.
if (matchMedia("(hover)").matches) {
  const blocks = [...document.querySelectorAll("pre:not(.mermaid) > code")];
  for (const code of blocks.filter((code) => code.scrollWidth > code.clientWidth)) {
    code.setAttribute("tabindex", "0");
  }
}

// Presentation mode, for class: large type, full width, no sidebars. One
// click on the header button enters or leaves it, and so does Esc. It stays
// on while the teacher moves between pages (sessionStorage, read again in
// the page head by hooks/presentation.py so that nothing flashes).
const PRESENT = "ptc-present";

function present(on) {
  document.documentElement.toggleAttribute("data-ptc-present", on);
  for (const button of document.querySelectorAll(".ptc-present-toggle")) {
    button.setAttribute("aria-pressed", String(on));
  }
  try {
    if (on) sessionStorage.setItem(PRESENT, "1");
    else sessionStorage.removeItem(PRESENT);
  } catch {
    // Storage can be off (private mode); the mode still works on this page.
  }
}

for (const button of document.querySelectorAll(".ptc-present-toggle")) {
  button.hidden = false;
  button.addEventListener("click", () =>
    present(!document.documentElement.hasAttribute("data-ptc-present")),
  );
}
present(document.documentElement.hasAttribute("data-ptc-present"));

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || !document.documentElement.hasAttribute("data-ptc-present")) return;
  // Esc first closes what it closes in Material (search) or leaves the editor.
  if (event.defaultPrevented || document.activeElement?.closest?.(".md-search, .cm-editor")) return;
  present(false);
});

// Copy-link buttons (ptc.pages.add_copy_links): the page's address with the
// heading's or example's anchor goes on the clipboard.
const announcer = document.createElement("span");
announcer.className = "ptc-visually-hidden";
announcer.setAttribute("role", "status");
document.body.append(announcer);

for (const button of document.querySelectorAll(".ptc-copy-link")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const link = location.origin + location.pathname + location.search + "#" + button.dataset.anchor;
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      history.replaceState(history.state, "", link); // no clipboard: the address bar has it
    }
    announcer.textContent = button.dataset.copied;
    button.dataset.done = "yes";
    setTimeout(() => delete button.dataset.done, 1500);
  });
}

// Embed buttons (ptc.pages.render_example): the iframe code for the
// example's embed page. Its script sizes the iframe from the height the
// embed page reports (web/embed.js); where an LMS strips scripts, the
// iframe keeps its first height and scrolls.
function iframeCode(button) {
  const src = new URL(button.dataset.embed, location.href);
  const title = button.dataset.title.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const origin = JSON.stringify(src.origin);
  const path = JSON.stringify(src.pathname);
  return (
    `<iframe src="${src.href}" title="${title}" loading="lazy" allow="clipboard-write"` +
    ` style="width: 100%; height: 640px; border: 1px solid #ddd; border-radius: 4px"></iframe>\n` +
    `<script>addEventListener("message", (e) => { if (e.origin !== ${origin} || !e.data || e.data.ptcEmbed !== ${path}) return;` +
    ` for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.ptcEmbedHeight + "px"; });</script>`
  );
}

for (const button of document.querySelectorAll(".ptc-embed-copy")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const code = iframeCode(button);
    try {
      await navigator.clipboard.writeText(code);
      announcer.textContent = button.dataset.copied;
    } catch {
      window.prompt(button.title, code); // no clipboard: the code to copy by hand
    }
  });
}
