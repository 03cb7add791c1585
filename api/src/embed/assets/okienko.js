// okienko — include on a municipal page to embed the search:
//   <script src="https://OKIENKO/embed/okienko.js" defer></script><okienko-search municipality="1499011"></okienko-search>
// The element shows the search in an iframe of its own height. Theme it with CSS custom
// properties on the element or the page (--okienko-accent: #0b5; …); set lang="uk" or "en".
// Plain iframes of /embed with the attribute data-okienko are resized too.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : "";
  window.addEventListener("message", function (e) {
    if (e.origin !== origin || !e.data || e.data.type !== "okienko:height") { return; }
    document.querySelectorAll("iframe[data-okienko]").forEach(function (frame) {
      if (frame.contentWindow === e.source) { frame.style.height = Math.ceil(e.data.height) + 24 + "px"; }
    });
  });
  if (!window.customElements || customElements.get("okienko-search")) { return; }
  customElements.define("okienko-search", class extends HTMLElement {
    connectedCallback() {
      if (this.querySelector("iframe")) { return; }
      var style = getComputedStyle(this);
      var params = new URLSearchParams();
      var lang = this.getAttribute("lang") || document.documentElement.lang || "pl";
      params.set("lang", lang.slice(0, 2));
      if (this.getAttribute("municipality")) { params.set("municipality", this.getAttribute("municipality")); }
      var accent = style.getPropertyValue("--okienko-accent").trim();
      if (/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(accent)) { params.set("accent", accent); }
      var frame = document.createElement("iframe");
      frame.src = origin + "/embed?" + params.toString();
      frame.title = this.getAttribute("title") || "Wyszukiwarka usług społecznych";
      frame.setAttribute("data-okienko", "");
      frame.setAttribute("loading", "lazy");
      frame.style.width = "100%"; frame.style.border = "0"; frame.style.minHeight = "32rem";
      this.appendChild(frame);
    }
  });
})();
