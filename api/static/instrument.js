// Instrument page: a click on a fact shows its words in the source text.
(function () {
  "use strict";
  function showSource(id) {
    document.querySelectorAll(".source").forEach(function (el) { el.classList.toggle("on", el.id === id); });
    document.querySelectorAll("#sourcetabs button").forEach(function (b) { b.classList.toggle("on", b.dataset.src === id); });
  }
  function clear() {
    document.querySelectorAll(".source .hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".fact.on").forEach(function (el) { el.classList.remove("on"); });
  }
  function reveal(fact) {
    var refs = (fact.dataset.ev || "").split(/\s+/).filter(Boolean);
    if (!refs.length) return;
    clear();
    fact.classList.add("on");
    var first = null;
    refs.forEach(function (ref) {
      var parts = ref.split(":"), src = document.getElementById(parts[0]);
      if (!src) return;
      var pieces = src.querySelectorAll('[data-k~="' + parts[1] + '"]');
      pieces.forEach(function (p) { p.classList.add("hl"); });
      if (!first && pieces.length) first = { src: parts[0], el: pieces[0] };
    });
    if (first) {
      showSource(first.src);
      var pane = document.getElementById(first.src);
      var top = first.el.offsetTop - pane.offsetTop - pane.clientHeight / 3;
      pane.scrollTop = Math.max(0, top);
      first.el.setAttribute("data-current", "1");
    } else if (refs.length) {
      showSource(refs[0].split(":")[0]);
    }
  }
  document.addEventListener("click", function (ev) {
    var tab = ev.target.closest("#sourcetabs button");
    if (tab) { showSource(tab.dataset.src); return; }
    if (ev.target.closest("a")) return;
    var fact = ev.target.closest(".fact");
    if (fact) reveal(fact);
  });
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList && ev.target.classList.contains("fact")) {
      ev.preventDefault(); reveal(ev.target);
    }
  });
})();
