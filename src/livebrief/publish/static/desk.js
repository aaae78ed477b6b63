// The review queue from the keyboard: j/k move, a approves, r rejects, e opens the correction;
// a place is searched in the gazetteer as it is typed. (No inline script: the CSP forbids it.)
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#queue li.item"));
  var current = 0;
  function focus(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el) { el.classList.remove("current"); });
    items[current].classList.add("current");
    items[current].focus();
  }
  var start = location.hash ? items.findIndex(function (el) { return "#" + el.id === location.hash; }) : -1;
  if (items.length) focus(start >= 0 ? start : 0);
  items.forEach(function (el, i) {   // a click or a tab into an item makes it the current one
    el.addEventListener("focusin", function () {
      current = i;
      items.forEach(function (x) { x.classList.toggle("current", x === el); });
    });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    var item = items[current];
    if (ev.key === "j") { focus(current + 1); }
    else if (ev.key === "k") { focus(current - 1); }
    else if (ev.key === "a" && item) { item.querySelector("form.approve").submit(); }
    else if (ev.key === "r" && item) { item.querySelector("form.reject").submit(); }
    else if (ev.key === "e" && item) {
      var d = item.querySelector("details.correct");
      d.open = true;
      var first = d.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    } else { return; }
    ev.preventDefault();
  });
  var list = document.getElementById("gazetteer");
  document.querySelectorAll("input.place-search").forEach(function (input) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/desk/places.json?q=" + encodeURIComponent(input.value), {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.textContent = "";
            (data.places || []).forEach(function (p) {
              var o = document.createElement("option");
              o.value = p.geonameid;
              o.label = p.name + " (" + (p.country || "") + ", " + p.feature + ")";
              list.appendChild(o);
            });
            var target = document.getElementById(input.dataset.for);
            if (data.places && data.places.length === 1 && target) target.value = data.places[0].geonameid;
          });
      }, 200);
    });
  });
})();
