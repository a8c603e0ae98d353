// Draw the search results on a Leaflet map; the list works without it.
(function () {
  "use strict";
  var panel = document.getElementById("map-panel");
  var dataEl = document.getElementById("map-data");
  var mapEl = document.getElementById("results-map");
  var status = document.getElementById("map-status");
  if (!panel || !dataEl || !mapEl || !status) {
    return;
  }
  panel.hidden = false;

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }

  if (!window.L) {
    mapEl.hidden = true;
    say("The map could not load. Every result is in the list above.");
    return;
  }
  var markers;
  try {
    markers = JSON.parse(dataEl.textContent || "[]");
  } catch (err) {
    mapEl.hidden = true;
    say("The map could not load. Every result is in the list above.");
    return;
  }

  // Leaflet inserts these as HTML: text made from a text node's markup stays text.
  function asHtml(text) {
    var holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML;
  }

  var L = window.L;

  function draw() {
    var map = L.map(mapEl, { scrollWheelZoom: false, maxZoom: 18 });
    // Tiles only when the deployment names a tile server: otherwise pins on a plain background,
    // and no one else learns the area searched.
    if (mapEl.dataset.tiles) {
      var tilesLoaded = false;
      var tiles = L.tileLayer(mapEl.dataset.tiles, {
        attribution: asHtml(mapEl.dataset.attribution || ""),
        maxZoom: 19,
      });
      tiles.on("tileload", function () {
        tilesLoaded = true;
        status.hidden = true;
      });
      tiles.on("tileerror", function () {
        if (!tilesLoaded) {
          say("The map background could not load; the pins still show where each result is.");
        }
      });
      tiles.addTo(map);
    }

    // "1, 2, 3, 5": runs of three or more as "1–3", so pins stay short.
    function numbered(numbers) {
      var sorted = numbers.slice().sort(function (a, b) { return a - b; });
      var parts = [];
      for (var i = 0; i < sorted.length; ) {
        var j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
          j += 1;
        }
        if (j - i >= 2) {
          parts.push(sorted[i] + "–" + sorted[j]);
        } else {
          parts.push.apply(parts, sorted.slice(i, j + 1).map(String));
        }
        i = j + 1;
      }
      return parts.join(", ");
    }

    // One pin per venue, numbered like the result list.
    function pinIcon(numbers, spoken) {
      var label = document.createElement("span");
      label.className = "map-pin";
      if (spoken) {
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = spoken;
        label.appendChild(hidden);
      }
      label.appendChild(document.createTextNode(numbered(numbers)));
      return L.divIcon({ html: label, className: "map-pin-holder", iconSize: null, iconAnchor: [14, 14] });
    }

    function popup(m) {
      var box = document.createElement("div");
      var list = document.createElement("ol");
      list.className = "map-popup-list";
      m.items.forEach(function (item) {
        var entry = document.createElement("li");
        entry.value = item.number;
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.name;
        entry.appendChild(link);
        list.appendChild(entry);
      });
      [m.place, m.items[0].distance].forEach(function (text) {
        if (text) {
          var line = document.createElement("p");
          line.textContent = text;
          box.appendChild(line);
        }
      });
      box.insertBefore(list, box.firstChild);
      return box;
    }

    // Pins that would overlap join in one (Leaflet.markercluster, when installed): it names every
    // result in it, and opens into its pins when chosen.
    var pins = L.markerClusterGroup
      ? L.markerClusterGroup({
          maxClusterRadius: 40,
          showCoverageOnHover: false,
          iconCreateFunction: function (cluster) {
            var numbers = [];
            cluster.getAllChildMarkers().forEach(function (child) {
              numbers.push.apply(numbers, child.options.numbers);
            });
            return pinIcon(numbers, "Results ");
          },
        })
      : L.layerGroup();
    var points = [];
    markers.forEach(function (m) {
      var numbers = m.items.map(function (item) { return item.number; });
      var names = m.items.map(function (item) { return item.number + ". " + item.name; });
      var marker = L.marker([m.lat, m.lon], {
        icon: pinIcon(numbers),
        title: names.join("; ") + (m.place ? " (" + m.place + ")" : ""),
        keyboard: true,
        numbers: numbers,
      });
      var box = popup(m);
      marker.bindPopup(box);
      pins.addLayer(marker);
      points.push([m.lat, m.lon]);
    });
    pins.addTo(map);

    var lat = parseFloat(mapEl.dataset.centreLat);
    var lon = parseFloat(mapEl.dataset.centreLon);
    if (!isNaN(lat) && !isNaN(lon)) {
      var tip = document.createElement("span");
      tip.textContent = "Searched near " + (mapEl.dataset.centreName || "here");
      L.circleMarker([lat, lon], { radius: 8, color: "#0b0c0c", fillColor: "#ffdd00", fillOpacity: 1 })
        .bindTooltip(tip)
        .addTo(map);
      points.push([lat, lon]);
    }
    if (points.length === 1) {
      map.setView(points[0], 14);
    } else {
      // A pin's numbers run to the right of its point: room for them on that side.
      map.fitBounds(points, { paddingTopLeft: [24, 24], paddingBottomRight: [72, 24], maxZoom: 15 });
    }
    mapEl.dataset.ready = "true";
  }

  // Leaflet.markercluster joins pins that would overlap; it needs Leaflet, so it is fetched only
  // once Leaflet has loaded. Without it the pins are drawn as they are.
  if (L.markerClusterGroup || !mapEl.dataset.clusters) {
    draw();
  } else {
    var script = document.createElement("script");
    script.src = mapEl.dataset.clusters;
    script.onload = draw;
    script.onerror = draw;
    document.head.appendChild(script);
  }
})();
