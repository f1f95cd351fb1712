// The language switch keeps the reader's place. zh and en pages share their
// heading ids, so /coroutines/#taskgroup and /en/coroutines/#taskgroup are the
// same section: take the section being read (the table of contents marks it)
// or, failing that, the address's own #anchor.
document.addEventListener(
  "click",
  (event) => {
    const link = event.target.closest?.("a.md-select__link[hreflang]");
    if (!link) return;
    const reading = document.querySelector(".md-sidebar--secondary .md-nav__link--active");
    const hash = reading?.hash || location.hash;
    if (!hash) return;
    link.hash = hash; // a new-tab click opens it with the section too
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // Material's own handler would send the reader to the top of the page:
    // this runs first (capture phase) and goes there itself.
    event.preventDefault();
    event.stopPropagation();
    location.assign(link.href);
  },
  true,
);
