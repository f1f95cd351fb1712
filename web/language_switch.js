// The language switch keeps the reader's place. zh and en pages share their
// heading ids, so /coroutines/#taskgroup and /en/coroutines/#taskgroup are the
// same section. The place is the address's #anchor while its heading is on
// screen (a link from course material), else the section the table of
// contents marks as being read.
//
// hooks/language_switch.py inlines this in the page's head: on a slow phone
// a reader can press the switch long before the page's scripts have run.
function place() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target) {
    const box = target.getBoundingClientRect();
    if (box.bottom > 0 && box.top < innerHeight) return location.hash;
  }
  const reading = document.querySelector(".md-sidebar--secondary .md-nav__link--active");
  return reading?.hash || location.hash;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a.md-select__link[hreflang]");
  if (!link) return;
  const hash = place();
  if (hash) link.hash = hash;
});
