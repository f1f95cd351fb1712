// An embed page (ptc.embeds) tells the page around it how tall its content
// is, so that page can size the iframe to fit: the iframe code that the
// example's Embed button copies listens for this message. Only a height is
// sent. (The document itself is as tall as the iframe, so the content is
// measured.)
const content = document.querySelector("main");
const report = () => {
  if (parent === window) return;
  const padding = parseFloat(getComputedStyle(document.body).paddingBottom) || 0;
  const height = Math.ceil(content.getBoundingClientRect().bottom + scrollY + padding);
  parent.postMessage({ ptcEmbedHeight: height, ptcEmbed: location.pathname }, "*");
};
new ResizeObserver(report).observe(content);
addEventListener("load", report);
