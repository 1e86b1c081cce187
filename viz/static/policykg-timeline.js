/* policykg timeline page: the drawing is static SVG; this only turns each mark's <title>
 * into a hover card (#tip) that follows the mouse, or sits beside a box focused by keyboard.
 *
 * For tests: window.policykgTimeline = {ready, steps, lanes, links, renames, show(id)}.
 */
(function () {
  "use strict";

  const tip = document.getElementById("tip");
  const marks = Array.from(document.querySelectorAll(".tl-node, .tl-link, .tl-rename, .tl-continue, .tl-lane"));
  marks.forEach((mark) => {
    const title = mark.querySelector(":scope > title");
    if (!title) return;
    mark.dataset.tip = title.textContent;
    title.remove();  // no native tooltip on top of ours
  });

  function place(x, y) {
    const room = window.innerWidth - tip.offsetWidth - 12;
    tip.style.left = Math.max(4, Math.min(x + 14, room)) + "px";
    const below = y + 16 + tip.offsetHeight < window.innerHeight;
    tip.style.top = (below ? y + 16 : Math.max(4, y - tip.offsetHeight - 10)) + "px";
  }

  function show(mark, x, y) {
    tip.textContent = mark.dataset.tip;
    tip.hidden = false;
    place(x, y);
  }

  function hide() { tip.hidden = true; }

  marks.forEach((mark) => {
    if (!mark.dataset.tip) return;
    mark.addEventListener("mouseenter", (event) => show(mark, event.clientX, event.clientY));
    mark.addEventListener("mousemove", (event) => { if (!tip.hidden) place(event.clientX, event.clientY); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("focus", () => {
      const box = mark.getBoundingClientRect();
      show(mark, box.right, box.top);
    });
    mark.addEventListener("blur", hide);
  });

  const count = (selector) => document.querySelectorAll(selector).length;
  window.policykgTimeline = {
    steps: count(".tl-node"), lanes: count(".tl-lane"), links: count(".tl-link"),
    renames: count(".tl-rename"),
    show: (id) => { const mark = document.getElementById(id); const box = mark.getBoundingClientRect(); show(mark, box.right, box.top); return tip.textContent; },
    ready: true,
  };
  document.body.dataset.ready = "true";
})();
