// The events map, all served by livebrief: base layers (countries, admin-1), the names of
// settlements and regions, the control layer of the chosen date with its date and source, a legend
// and a scale, events clustered where dense (each opening its sentence), and the change of control
// between two layers with the settlements that changed hands and the reporting that names them.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var THEATRE = [[44.3, 22.1], [52.4, 40.3]];
  var bounds = THEATRE;
  try { bounds = JSON.parse(el.getAttribute("data-bounds")) || THEATRE; } catch (e) { bounds = THEATRE; }
  var map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 4, maxZoom: 12 });
  map.fitBounds(bounds);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth · Names: GeoNames");
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  map.createPane("labels").style.zIndex = 450;          // names above the layers, under the markers
  map.getPane("labels").style.pointerEvents = "none";
  map.createPane("changed").style.zIndex = 620;         // settlements that changed hands, above the events

  var dates = (el.getAttribute("data-dates") || "").split(",").filter(Boolean);
  var controlDates = (el.getAttribute("data-control-dates") || "").split(",").filter(Boolean);
  var typeSel = document.getElementById("f-type");
  var until = document.getElementById("f-until");
  var untilLabel = document.getElementById("f-until-label");
  var counter = document.getElementById("marker-count");
  var diffSel = document.getElementById("f-diff");
  var diffTo = document.getElementById("f-diff-to");
  var events = [];
  var control = L.layerGroup().addTo(map);   // territorial control: under the events
  var diffLayer = L.layerGroup().addTo(map);
  var markers = L.layerGroup().addTo(map);
  var names = L.layerGroup().addTo(map);
  var controlDate = null;
  var COLORS = { occupied: "#c0392b", contested: "#e67e22", liberated: "#2e86de", claimed: "#8e44ad" };
  var CHANGE = { gained: "#7b1fa2", lost: "#00897b" };
  var small = function () { return el.clientWidth < 600; };

  function text(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function load(url) { return fetch(url).then(function (r) { return r.ok ? r.json() : null; }); }
  function hl(aid, start, end) {
    return "/articles/" + encodeURIComponent(aid) + "?hl=" + encodeURIComponent(start) + "-" + encodeURIComponent(end) + "#hl";
  }

  // ---------------------------------------------------------------- layer info, legend
  var info = L.control({ position: "topright" });
  info.onAdd = function () {
    var d = L.DomUtil.create("div", "map-box map-info");
    d.id = "map-layer-info";
    d.textContent = "No control layer";
    return d;
  };
  info.addTo(map);

  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var d = L.DomUtil.create("details", "map-box map-legend");
    d.id = "map-legend";
    if (!small()) { d.open = true; }
    var h = '<summary>Legend</summary><ul>';
    Object.keys(COLORS).forEach(function (s) { h += '<li><span class="swatch s-' + s + '"></span>' + s + "</li>"; });
    h += '<li><span class="swatch ch-gained"></span>gained (change)</li><li><span class="swatch ch-lost"></span>lost (change)</li>' +
      '<li><span class="dot ev"></span>event (click: its sentence)</li><li><span class="dot cl">3</span>events close together</li>' +
      '<li><span class="dot st"></span>settlement that changed hands</li><li><span class="dot city"></span>settlement (GeoNames)</li></ul>';
    d.innerHTML = h;
    L.DomEvent.disableClickPropagation(d);
    d.addEventListener("toggle", function () { drawNames(); });
    return d;
  };
  legend.addTo(map);

  // ---------------------------------------------------------------- names
  var labels = null;
  // the least population of a settlement named at each zoom
  function minPopulation(z) { return z <= 5 ? 700000 : z === 6 ? 200000 : z === 7 ? 60000 : z === 8 ? 20000 : z === 9 ? 8000 : 0; }

  function drawNames() {
    names.clearLayers();
    if (!labels) { return; }
    var z = map.getZoom(), view = map.getBounds().pad(0.1), placed = [], n = 0;
    var size = map.getSize();
    function free(box) {   // inside the map, and over no name placed before
      if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) { return false; }
      for (var i = 0; i < placed.length; i++) {
        var b = placed[i];
        if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { return false; }
      }
      return true;
    }
    // the events drawn are obstacles: a name starts after a cluster on its settlement, and no
    // smaller name runs under one
    var obstacles = [];
    markers.eachLayer(function (m) {
      var q = map.latLngToContainerPoint(m.getLatLng()), r = m instanceof L.CircleMarker ? 7 : 16;
      obstacles.push([q.x - r, q.y - r, q.x + r, q.y + r]);
    });
    placed = obstacles.slice();
    var at = el.getBoundingClientRect();
    el.querySelectorAll(".leaflet-control").forEach(function (c) {   // no name under the legend, the scale ...
      var r = c.getBoundingClientRect();
      placed.push([r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top]);
    });
    var least = minPopulation(z);
    function city(c) {
      if (c[3] < least || !view.contains([c[1], c[2]])) { return; }
      var p = map.latLngToContainerPoint([c[1], c[2]]);
      var big = c[3] >= 500000;
      var w = c[0].length * (big ? 7.6 : 6.6) + 10, h = big ? 16 : 14, dx = 0;
      obstacles.forEach(function (o) {   // an event on the settlement: its name starts after it
        if (o[0] <= p.x + 6 && p.x - 4 < o[2] && o[1] < p.y + h / 2 && p.y - h / 2 < o[3]) { dx = Math.max(dx, o[2] - p.x + 3); }
      });
      var box = dx ? [p.x + dx - 1, p.y - h / 2, p.x + dx + w - 10, p.y + h / 2] : [p.x - 4, p.y - h / 2, p.x + w, p.y + h / 2];
      if (!free(box)) { return; }
      placed.push(box);
      names.addLayer(L.marker([c[1], c[2]], { pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "city-label" + (big ? " big" : ""), iconSize: null, iconAnchor: [dx ? -dx : 4, h / 2],
                          html: (dx ? "" : '<span class="dot city"></span>') + text(c[0]) }) }));
      n += 1;
    }
    function region(r) {   // at its point, else a line above or below it
      if (!view.contains([r[1], r[2]])) { return; }
      var p = map.latLngToContainerPoint([r[1], r[2]]), w = r[0].length * 7.6;
      var dy = [0, -16, 16, -32, 32].filter(function (d) { return free([p.x - w / 2, p.y + d - 7, p.x + w / 2, p.y + d + 7]); })[0];
      if (dy === undefined) { return; }
      placed.push([p.x - w / 2, p.y + dy - 7, p.x + w / 2, p.y + dy + 7]);
      names.addLayer(L.marker([r[1], r[2]], { pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "region-label", iconSize: null, iconAnchor: [w / 2, 7 - dy], html: text(r[0]) }) }));
      n += 1;
    }
    // the largest cities first, then the regions, then the other settlements, largest first
    labels.cities.forEach(function (c) { if (c[3] >= 500000) { city(c); } });
    if (z >= 5 && z <= 9) { labels.regions.forEach(region); }
    labels.cities.forEach(function (c) { if (c[3] < 500000) { city(c); } });
    el.setAttribute("data-labels", String(n));
    el.setAttribute("data-zoom", String(z));
  }

  // ---------------------------------------------------------------- control layer of a date
  function drawControl(day) {
    if (!day || day === controlDate) { return; }
    controlDate = day;
    // the newest layer on or before the day (asked for only where there is one: no 404 to log)
    var layer = controlDates.filter(function (d) { return d <= day.slice(0, 10); }).pop();
    var asked = layer ? load("/api/control/" + encodeURIComponent(layer) + ".geojson") : Promise.resolve(null);
    asked.then(function (gj) {
      control.clearLayers();
      var box = document.getElementById("map-layer-info");
      if (!gj) {
        el.setAttribute("data-control", "none");
        if (box) { box.textContent = controlDates.length ? "No control layer on or before " + day : "No control layers imported"; }
        return;
      }
      control.addLayer(L.geoJSON(gj, { interactive: false, style: function (f) {
        var c = COLORS[f.properties.status] || "#555";
        return { color: c, weight: 1, fillColor: c, fillOpacity: 0.25 };
      } }));
      var p = gj.properties || {};
      if (box) {
        var src = String(p.source || "");
        box.innerHTML = "<strong>Control layer " + text(p.date) + '</strong><br><span class="src">' + text(src) +
          (p.illustrative && src.indexOf("illustrative") < 0 ? " (illustrative, not an assessment)" : "") + "</span>";
      }
      el.setAttribute("data-control", p.illustrative ? "illustrative" : "loaded");
    });
  }

  // ---------------------------------------------------------------- events, clustered
  function popupOf(p) {
    return "<strong>" + text(p.event_type) + "</strong> / " + text(p.sub_event_type) + "<br>" + text(p.event_date) +
      " &middot; " + text(p.location) + '<br><q class="sentence">' + text(p.notes) + "</q>" +
      '<br><a href="' + hl(p.article_id, p.start, p.end) + '">why we say this</a>';
  }

  function visible() {
    var ty = typeSel ? typeSel.value : "";
    var limit = dates.length && until ? dates[Number(until.value)] : null;
    return events.filter(function (f) {
      var p = f.properties;
      return !(ty && p.event_type !== ty) && !(limit && p.event_date && p.event_date > limit);
    });
  }

  // an event placed only in a country sits at its centre, where nothing happened: not drawn
  function located(fs) { return fs.filter(function (f) { return f.properties.geo_precision !== 3; }); }

  function draw() {
    markers.clearLayers();
    var limit = dates.length && until ? dates[Number(until.value)] : null;
    if (untilLabel) { untilLabel.textContent = limit || ""; }
    drawControl(diffSel && diffSel.value && diffTo ? diffTo.value : limit || controlDates[controlDates.length - 1]);
    var all = visible(), shown = located(all), cells = {}, CELL = 44, clusters = 0;
    shown.forEach(function (f) {
      var c = f.geometry.coordinates, pt = map.project([c[1], c[0]]);
      var key = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
      (cells[key] = cells[key] || []).push(f);
    });
    Object.keys(cells).forEach(function (key) {
      var fs = cells[key];
      if (fs.length === 1) {
        var c = fs[0].geometry.coordinates;
        markers.addLayer(L.circleMarker([c[1], c[0]], { radius: 6, color: "#fff", weight: 1.5, fillColor: "#b3261e",
          fillOpacity: 0.9, className: "event-marker" }).bindPopup(popupOf(fs[0].properties), { maxWidth: 320 }));
        return;
      }
      clusters += 1;
      var lat = 0, lon = 0, same = true, first = fs[0].geometry.coordinates;
      fs.forEach(function (f) {
        var c = f.geometry.coordinates;
        lat += c[1]; lon += c[0];
        same = same && c[0] === first[0] && c[1] === first[1];
      });
      var m = L.marker([lat / fs.length, lon / fs.length], { icon: L.divIcon({
        className: "event-cluster", iconSize: [30, 30], html: "<span>" + fs.length + "</span>" }), title: fs.length + " events" });
      if (same || map.getZoom() >= map.getMaxZoom()) {
        // the same place: no zoom parts them, so the cluster lists their sentences
        var h = "<strong>" + fs.length + " events at " + text(fs[0].properties.location) + '</strong><ul class="popup-list">';
        fs.slice(0, 12).forEach(function (f) {
          var p = f.properties;
          h += "<li>" + text(p.event_date) + " " + text(p.sub_event_type) + ': <a href="' + hl(p.article_id, p.start, p.end) +
            '">' + text((p.notes || "").slice(0, 140)) + "</a></li>";
        });
        m.bindPopup(h + "</ul>" + (fs.length > 12 ? "and " + (fs.length - 12) + " more" : ""), { maxWidth: 340, maxHeight: 320 });
      } else {
        m.on("click", function () {
          map.fitBounds(L.latLngBounds(fs.map(function (f) { var c = f.geometry.coordinates; return [c[1], c[0]]; })).pad(0.3));
        });
      }
      markers.addLayer(m);
    });
    if (counter) { counter.textContent = String(shown.length); }
    var unplaced = document.getElementById("country-level");
    if (unplaced) {
      unplaced.textContent = all.length > shown.length ? " (" + (all.length - shown.length) +
        " more located only to a country are in the data, not drawn)" : "";
    }
    el.setAttribute("data-markers", String(shown.length));
    el.setAttribute("data-clusters", String(clusters));
    drawNames();
  }

  // ---------------------------------------------------------------- change between two layers
  function settlementItem(s) {
    var li = document.createElement("li");
    var name = document.createElement(s.geonameid ? "a" : "strong");
    if (s.geonameid) { name.href = "/places/g:" + encodeURIComponent(s.geonameid); }
    name.className = "settlement";
    name.textContent = s.name;
    li.appendChild(name);
    var st = document.createElement("span");
    st.className = "muted";
    st.textContent = " " + s.from_status + " → " + s.to_status;
    li.appendChild(st);
    s.evidence.slice(0, 2).forEach(function (e) {
      var q = document.createElement("div");
      q.className = "snippet";
      var a = document.createElement("a");
      a.className = "why evidence";
      a.href = hl(e.article_id, e.start, e.end);
      a.textContent = "“" + (e.sentence.length > 220 ? e.sentence.slice(0, 217) + "…" : e.sentence) + "”";
      q.appendChild(a);
      q.appendChild(document.createTextNode(" — " + (e.outlet || e.title || "") + ", " + (e.published || "").slice(0, 10)));
      li.appendChild(q);
    });
    return li;
  }

  function drawDiff() {
    diffLayer.clearLayers();
    var panel = document.getElementById("diff-panel");
    var from = diffSel ? diffSel.value : "";
    var to = diffTo ? diffTo.value : "";
    if (!from || !to || !panel) { if (panel) { panel.hidden = true; } el.removeAttribute("data-diff"); return; }
    load("/api/control/diff?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to)).then(function (d) {
      if (!d) { panel.hidden = true; return; }
      var changed = L.geoJSON(d.changes, { interactive: false, style: function (f) {
        var c = CHANGE[f.properties.change] || "#555";
        return { color: c, weight: 2, dashArray: "4 3", fillColor: c, fillOpacity: 0.3 };
      } });
      diffLayer.addLayer(changed);
      controlDate = null;
      drawControl(to);   // the layer of the change's end date under it
      if (d.changes.features.length) { map.fitBounds(changed.getBounds().pad(0.25), { maxZoom: 9 }); }
      document.getElementById("diff-range").textContent = d.layers.from + " → " + d.layers.to;
      document.getElementById("diff-source").textContent = "Layers of " + d.layers.source +
        ". Settlements (GeoNames) whose status differs between the two layers; each with the sentences that name it between the two dates.";
      var areas = document.getElementById("diff-areas");
      areas.textContent = "";
      Object.keys(d.statuses).forEach(function (s) {
        var v = d.statuses[s];
        if (v.gained_km2 < 0.5 && v.lost_km2 < 0.5) { return; }
        var li = document.createElement("li");
        var parts = [];
        if (v.gained_km2 >= 0.5) { parts.push("+" + Math.round(v.gained_km2).toLocaleString("en") + " km² gained"); }
        if (v.lost_km2 >= 0.5) { parts.push("−" + Math.round(v.lost_km2).toLocaleString("en") + " km² lost"); }
        li.innerHTML = '<span class="swatch s-' + text(s) + '"></span><strong>' + text(s) + "</strong>: " + parts.join(", ");
        areas.appendChild(li);
      });
      if (!areas.children.length) { areas.innerHTML = "<li>No area changed status.</li>"; }
      var ul = document.getElementById("diff-settlements");
      ul.textContent = "";
      var reported = d.settlements.filter(function (s) { return s.evidence.length; });
      var unreported = d.settlements.filter(function (s) { return !s.evidence.length; });
      reported.slice(0, 40).forEach(function (s) { ul.appendChild(settlementItem(s)); });
      if (!reported.length) { ul.innerHTML = "<li>No article names a settlement that changed hands between the two dates.</li>"; }
      var un = document.getElementById("diff-unreported");
      un.hidden = !unreported.length;
      un.textContent = "Also changed hands, not named in the coverage between the two dates: " +
        unreported.slice(0, 30).map(function (s) { return s.name; }).join(", ") +
        (unreported.length > 30 ? " and " + (unreported.length - 30) + " more." : ".");
      reported.slice(0, 40).forEach(function (s) {
        if (s.lat == null) { return; }
        var m = L.circleMarker([s.lat, s.lon], { radius: 7, color: "#111", weight: 2, fillColor: "#ffd400", fillOpacity: 1,
          className: "settlement-marker", pane: "changed" });
        m.bindTooltip(s.name, { permanent: true, direction: "right", className: "settlement-tip", offset: [8, 0] });
        m.bindPopup(settlementItem(s).innerHTML, { maxWidth: 320 });
        diffLayer.addLayer(m);
      });
      panel.hidden = false;
      el.setAttribute("data-diff", String(d.settlements.length));
    });
  }

  // ---------------------------------------------------------------- wiring
  Promise.all([load("/static/basemap-countries.geojson"), load("/static/basemap-admin1.geojson")]).then(function (layers) {
    L.geoJSON(layers[0], { interactive: false, style: { color: "#8a93a0", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
    L.geoJSON(layers[1], { interactive: false, style: { color: "#b6bcc6", weight: 0.6, fill: false } }).addTo(map);
    el.setAttribute("data-basemap", "loaded");
    return load("/export/events.geojson");
  }).then(function (gj) {
    events = (gj && gj.features) || [];
    draw();
  });
  load("/static/map-labels.json").then(function (d) { labels = d; drawNames(); });

  var q = new URLSearchParams(window.location.search);
  if (diffSel && q.get("from")) { diffSel.value = q.get("from"); }
  if (diffTo && q.get("to")) { diffTo.value = q.get("to"); }
  if (diffSel && diffSel.value) { drawDiff(); }
  if (diffSel) { diffSel.addEventListener("change", drawDiff); }
  if (diffTo) { diffTo.addEventListener("change", drawDiff); }
  if (typeSel) { typeSel.addEventListener("change", draw); }
  if (until) { until.addEventListener("input", draw); }
  map.on("zoomend", draw);   // (draw names the map again, around the events it drew)
  map.on("moveend", drawNames);
})();
