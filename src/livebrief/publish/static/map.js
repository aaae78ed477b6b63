// The events map: base layers (countries, admin-1) and event markers, all served by livebrief.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: true }).setView([48.5, 32.0], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth");
  var dates = (el.getAttribute("data-dates") || "").split(",").filter(Boolean);
  var typeSel = document.getElementById("f-type");
  var until = document.getElementById("f-until");
  var untilLabel = document.getElementById("f-until-label");
  var counter = document.getElementById("marker-count");
  var events = [];
  var control = L.layerGroup().addTo(map);   // territorial control: under the events
  var markers = L.layerGroup().addTo(map);
  var controlDate = null;
  var COLORS = { occupied: "#c0392b", contested: "#e67e22", liberated: "#2e86de", claimed: "#8e44ad" };

  function drawControl(day) {
    if (!day || day === controlDate) { return; }
    controlDate = day;
    fetch("/api/control/" + encodeURIComponent(day) + ".geojson").then(function (r) {
      if (!r.ok) { control.clearLayers(); el.setAttribute("data-control", "none"); return null; }
      return r.json();
    }).then(function (gj) {
      if (!gj) { return; }
      control.clearLayers();
      control.addLayer(L.geoJSON(gj, { style: function (f) {
        var c = COLORS[f.properties.status] || "#555";
        return { color: c, weight: 1, fillColor: c, fillOpacity: 0.25 };
      } }));
      el.setAttribute("data-control", gj.properties && gj.properties.illustrative ? "illustrative" : "loaded");
    });
  }

  function load(url) { return fetch(url).then(function (r) { return r.json(); }); }

  Promise.all([load("/static/basemap-countries.geojson"), load("/static/basemap-admin1.geojson")]).then(function (layers) {
    L.geoJSON(layers[0], { style: { color: "#8a93a0", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map);
    L.geoJSON(layers[1], { style: { color: "#b6bcc6", weight: 0.6, fill: false } }).addTo(map);
    el.setAttribute("data-basemap", "loaded");
    return load("/export/events.geojson");
  }).then(function (gj) {
    events = gj.features || [];
    draw();
  });

  function text(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }

  function draw() {
    markers.clearLayers();
    var ty = typeSel ? typeSel.value : "";
    var limit = dates.length && until ? dates[Number(until.value)] : null;
    if (untilLabel) { untilLabel.textContent = limit || ""; }
    drawControl(limit);
    var n = 0;
    events.forEach(function (f) {
      var p = f.properties;
      if (ty && p.event_type !== ty) { return; }
      if (limit && p.event_date && p.event_date > limit) { return; }
      var c = f.geometry.coordinates;
      var m = L.circleMarker([c[1], c[0]], { radius: 6, color: "#b3261e", weight: 1, fillOpacity: 0.7, className: "event-marker" });
      m.bindPopup("<strong>" + text(p.event_type) + "</strong> / " + text(p.sub_event_type) + "<br>" + text(p.event_date) +
        " &middot; " + text(p.location) + "<br>" + text(p.notes) +
        '<br><a href="/articles/' + encodeURIComponent(p.article_id) + "?hl=" + encodeURIComponent(p.start) + "-" +
        encodeURIComponent(p.end) + '#hl">why we say this</a>');
      markers.addLayer(m);
      n += 1;
    });
    if (counter) { counter.textContent = String(n); }
    el.setAttribute("data-markers", String(n));
  }
  var diffSel = document.getElementById("f-diff");
  var diffLayer = L.layerGroup().addTo(map);

  function drawDiff() {
    diffLayer.clearLayers();
    var panel = document.getElementById("diff-panel");
    var from = diffSel ? diffSel.value : "";
    var to = dates.length && until ? dates[Number(until.value)] : "";
    if (!from || !to || !panel) { if (panel) { panel.hidden = true; } return; }
    fetch("/api/control/diff?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to)).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (d) {
      if (!d) { panel.hidden = true; return; }
      diffLayer.addLayer(L.geoJSON(d.changes, { style: function (f) {
        var c = f.properties.change === "gained" ? "#7b1fa2" : "#00897b";
        return { color: c, weight: 2, dashArray: "4 3", fillColor: c, fillOpacity: 0.35 };
      } }));
      document.getElementById("diff-range").textContent = d.from + " → " + d.to;
      var parts = [];
      Object.keys(d.statuses).forEach(function (s) {
        var v = d.statuses[s];
        if (v.gained_km2 || v.lost_km2) { parts.push(s + ": +" + Math.round(v.gained_km2) + " / −" + Math.round(v.lost_km2) + " km²"); }
      });
      document.getElementById("diff-areas").textContent = parts.join(" · ") || "No change.";
      var ul = document.getElementById("diff-settlements");
      ul.textContent = "";
      d.settlements.slice(0, 30).forEach(function (s) {
        var li = document.createElement("li");
        li.textContent = s.name + ": " + s.from_status + " → " + s.to_status + " ";
        s.evidence.slice(0, 3).forEach(function (e) {
          var a = document.createElement("a");
          a.className = "why";
          a.href = "/articles/" + encodeURIComponent(e.article_id) + "?hl=" + e.start + "-" + e.end + "#hl";
          a.textContent = "evidence";
          li.appendChild(a);
        });
        ul.appendChild(li);
      });
      panel.hidden = false;
      el.setAttribute("data-diff", String(d.settlements.length));
    });
  }
  if (diffSel) { diffSel.addEventListener("change", drawDiff); }
  if (until) { until.addEventListener("change", drawDiff); }
  if (typeSel) { typeSel.addEventListener("change", draw); }
  if (until) { until.addEventListener("input", draw); }
})();
