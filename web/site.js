// The language switch keeps the reader's place. zh and en pages share their
// heading ids, so /coroutines/#taskgroup and /en/coroutines/#taskgroup are the
// same section: take the section being read (the table of contents marks it)
// or, failing that, the address's own #anchor.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a.md-select__link[hreflang]");
  if (!link) return;
  const reading = document.querySelector(".md-sidebar--secondary .md-nav__link--active");
  const hash = reading?.hash || location.hash;
  if (hash) link.hash = hash;
});
