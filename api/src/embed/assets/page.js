// okienko — the embeddable page's enhancements: as-you-type suggestions (an ARIA combobox)
// and, inside an iframe, telling the embedding page its height. Everything works without it.
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (input) {
    var box = document.createElement("ul");
    box.id = "q-suggestions";
    box.className = "suggestions";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    box.hidden = true;
    input.parentNode.appendChild(box);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, timer = null, items = [];
    var close = function () {
      box.hidden = true; box.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    };
    var mark = function (i) {
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); }
    };
    var choose = function (li) {
      input.value = li.getAttribute("data-text"); close(); input.form.submit();
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch("/api/v1/suggest?q=" + encodeURIComponent(q)).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            close();
            (data.suggestions || []).forEach(function (s, i) {
              var li = document.createElement("li");
              li.id = "q-option-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
              li.setAttribute("data-text", s.text); li.textContent = s.text;
              li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
              box.appendChild(li); items.push(li);
            });
            if (items.length) { box.hidden = false; input.setAttribute("aria-expanded", "true"); }
          }).catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (box.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
  if (window.parent !== window) {
    var send = function () {
      window.parent.postMessage({ type: "okienko:height", height: document.documentElement.scrollHeight }, "*");
    };
    window.addEventListener("load", send);
    if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); } else { setInterval(send, 500); }
  }
})();
