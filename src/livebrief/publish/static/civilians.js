// Attacks on infrastructure on the base map, from the page's JSON twin.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el).setView([48.5, 32.0], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth");
  function load(url) { return fetch(url).then(function (r) { return r.json(); }); }
  load("/static/basemap-countries.geojson").then(function (gj) {
    L.geoJSON(gj, { style: { color: "#8a93a0", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(map);
    return load(el.getAttribute("data-source"));
  }).then(function (data) {
    var n = 0;
    data.infrastructure.forEach(function (e) {
      var m = L.circleMarker([e.lat, e.lon], { radius: 7, color: "#e67e22", weight: 1, fillOpacity: 0.8 });
      var d = document.createElement("div");
      d.textContent = e.date + " " + (e.place_name || "") + ": " + e.sentence;
      m.bindPopup(d);
      m.addTo(map);
      n += 1;
    });
    el.setAttribute("data-markers", String(n));
  });
})();
