/* conflictmap's map layers: canvas-drawn events with grid clustering at low zoom when points crowd,
   a fatality heat map, lazy popups, territory dots, a draw tool and a full-screen
   button. Plain Leaflet 1.9, no other library, so the map works offline. */
(function () {
  "use strict";
  var CM = (window.CM = window.CM || {});
  var CELL = 44; // px: points closer than this are clustered below CLUSTER_MAX_ZOOM
  var CLUSTER_MAX_ZOOM = 11;
  var CLUSTER_MIN_POINTS = 300; // fewer events in view are drawn one by one at any zoom
  var SHAPES = ["circle", "square", "triangle", "diamond", "hexagon", "cross"];

  function esc(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  CM.esc = esc;

  /* The app stores its map files gzip-compressed (name.json.gz) and serves them as they are;
     the browser inflates them unless a server already did (Content-Encoding: gzip). */
  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      var inflated = /gzip/i.test(r.headers.get("Content-Encoding") || "");
      if (!/\.gz$/.test(url) || inflated) return r.json();
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
    });
  }
  CM.fetchJSON = fetchJSON;

  /* Named moments of the map's start (performance.getEntriesByType("mark")), for bench/dashboard.py. */
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }

  function decodeMask(b64, n) {
    var mask = new Uint8Array(n);
    if (b64 === null || b64 === undefined) { mask.fill(1); return mask; }
    var raw = atob(b64);
    for (var i = 0; i < n; i++) mask[i] = (raw.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
    return mask;
  }

  function shapePath(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === "square") { ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); return; }
    if (shape === "triangle") { ctx.moveTo(x, y - r); ctx.lineTo(x + r * 0.95, y + r * 0.75); ctx.lineTo(x - r * 0.95, y + r * 0.75); ctx.closePath(); return; }
    if (shape === "diamond") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); return; }
    if (shape === "hexagon") { for (var k = 0; k < 6; k++) { var a = Math.PI / 3 * k; ctx[k ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a)); } ctx.closePath(); return; }
    if (shape === "cross") { var w = r * 0.38; ctx.moveTo(x - w, y - r); ctx.lineTo(x + w, y - r); ctx.lineTo(x + w, y - w); ctx.lineTo(x + r, y - w); ctx.lineTo(x + r, y + w); ctx.lineTo(x + w, y + w); ctx.lineTo(x + w, y + r); ctx.lineTo(x - w, y + r); ctx.lineTo(x - w, y + w); ctx.lineTo(x - r, y + w); ctx.lineTo(x - r, y - w); ctx.lineTo(x - w, y - w); ctx.closePath(); return; }
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
  CM.shapePath = shapePath;

  function radiusFor(killed) { return 5 + Math.min(20, 2.2 * Math.sqrt(Math.max(0, killed))); }

  /* A canvas in the overlay pane, redrawn after every move and zoom. */
  var CanvasLayer = L.Layer.extend({
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide " + (this.className || ""));
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._reset, this);
      this._reset();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._reset, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      if (this.afterRemove) this.afterRemove();
    },
    _reset: function () {
      if (!this._canvas) return;
      var size = this._map.getSize();
      this._canvas.width = size.x; this._canvas.height = size.y;
      this._canvas.style.width = size.x + "px"; this._canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(this._canvas, this._map.containerPointToLayerPoint([0, 0]));
      this.draw(this._canvas.getContext("2d"), size);
    },
    redraw: function () { if (this._canvas) this._reset(); }
  });

  /* The data every layer shares: columns decoded once, the mask replaced on filter changes. */
  function Dataset(json) {
    var n = json.n, i;
    this.n = n; this.json = json;
    this.mx = new Float64Array(n); this.my = new Float64Array(n); this.has = new Uint8Array(n);
    for (i = 0; i < n; i++) {
      var lat = json.lat[i], lon = json.lon[i];
      if (lat === null || lon === null) continue;
      lat /= 1e4; lon /= 1e4;
      var s = Math.sin(lat * Math.PI / 180);
      this.mx[i] = (lon + 180) / 360;
      this.my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      this.has[i] = 1;
    }
    this.mask = decodeMask(null, n);
  }

  function visiblePoints(map, ds, size) {
    var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
    var origin = map.getPixelBounds().min, margin = 40, out = [];
    for (var i = 0; i < ds.n; i++) {
      if (!ds.has[i] || !ds.mask[i]) continue;
      var x = ds.mx[i] * scale - origin.x, y = ds.my[i] * scale - origin.y;
      if (x < -margin || y < -margin || x > size.x + margin || y > size.y + margin) continue;
      out.push(i, x, y);
    }
    return out;
  }

  CM.EventsLayer = CanvasLayer.extend({
    className: "cm-events-canvas",
    initialize: function (ds, options) { this.ds = ds; this.options = options; this.hits = []; },
    draw: function (ctx, size) {
      var map = this._map, ds = this.ds, j = ds.json, opts = this.options;
      var pts = visiblePoints(map, ds, size), hits = [], drawn = 0, k;
      var clustering = map.getZoom() < CLUSTER_MAX_ZOOM && pts.length / 3 > CLUSTER_MIN_POINTS;
      var cells = {}, order = [];
      for (k = 0; k < pts.length; k += 3) {
        var key = clustering ? Math.floor(pts[k + 1] / CELL) + ":" + Math.floor(pts[k + 2] / CELL) : k;
        var c = cells[key];
        if (!c) { c = cells[key] = { n: 0, x: 0, y: 0, killed: 0, first: k }; order.push(key); }
        c.n++; c.x += pts[k + 1]; c.y += pts[k + 2]; c.killed += Math.max(0, j.k[pts[k]]);
      }
      ctx.lineJoin = "round";
      for (var o = 0; o < order.length; o++) {
        var cell = cells[order[o]];
        if (cell.n > 1) {
          var cx = cell.x / cell.n, cy = cell.y / cell.n, r = 9 + Math.min(10, 2.2 * Math.log(cell.n));
          ctx.beginPath(); ctx.arc(cx, cy, r + 4, 0, Math.PI * 2);
          ctx.fillStyle = "rgba(45,52,54,0.25)"; ctx.fill();
          ctx.beginPath(); ctx.arc(cx, cy, r, 0, Math.PI * 2);
          ctx.fillStyle = "rgba(45,52,54,0.82)"; ctx.fill();
          ctx.fillStyle = "#fff"; ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
          ctx.fillText(cell.n >= 1000 ? Math.round(cell.n / 100) / 10 + "k" : String(cell.n), cx, cy);
          hits.push({ kind: "cluster", x: cx, y: cy, r: r + 4, n: cell.n, killed: cell.killed });
          drawn++;
          continue;
        }
        var idx = pts[cell.first], x = pts[cell.first + 1], y = pts[cell.first + 2];
        var type = j.t[idx], precise = j.p[idx] === 1, vague = j.p[idx] >= 3, rad = radiusFor(j.k[idx]);
        var colour = opts.colours[j.strings.types[type]] || "#34495e";
        var shape = opts.shapes[j.strings.types[type]] || "circle";
        shapePath(ctx, shape, x, y, rad);
        ctx.globalAlpha = precise ? 0.8 : vague ? 0.1 : 0.35; ctx.fillStyle = colour; ctx.fill(); ctx.globalAlpha = 1;
        ctx.setLineDash(precise ? [] : vague ? [2, 3] : [4, 3]);
        ctx.lineWidth = precise ? 1.5 : 2; ctx.strokeStyle = precise ? "#2d3436" : colour; ctx.stroke();
        ctx.setLineDash([]);
        hits.push({ kind: "event", x: x, y: y, r: rad + 2, i: idx });
        drawn++;
      }
      this.hits = hits;
      if (this.onDrawn) this.onDrawn(drawn);
    },
    hitTest: function (point) {
      var all = this.hitsAt(point);
      return all.length ? all[0] : null;
    },
    /* Everything drawn under a point, topmost first: events stacked on one village all count. */
    hitsAt: function (point) {
      var found = [];
      for (var h = this.hits.length - 1; h >= 0; h--) {
        var hit = this.hits[h], dx = hit.x - point.x, dy = hit.y - point.y;
        if (dx * dx + dy * dy <= hit.r * hit.r) found.push(hit);
      }
      return found;
    }
  });

  /* Fatalities as heat: one blurred sprite per event, weighted by its toll, then coloured. */
  CM.HeatLayer = CanvasLayer.extend({
    className: "cm-heat-canvas",
    initialize: function (ds) { this.ds = ds; },
    draw: function (ctx, size) {
      var pts = visiblePoints(this._map, this.ds, size), k = this.ds.json.k;
      var radius = 18, sprite = document.createElement("canvas");
      sprite.width = sprite.height = radius * 2;
      var sctx = sprite.getContext("2d"), g = sctx.createRadialGradient(radius, radius, 0, radius, radius, radius);
      g.addColorStop(0, "rgba(0,0,0,1)"); g.addColorStop(1, "rgba(0,0,0,0)");
      sctx.fillStyle = g; sctx.fillRect(0, 0, radius * 2, radius * 2);
      for (var p = 0; p < pts.length; p += 3) {
        var killed = Math.max(0, k[pts[p]]);
        if (!killed) continue;
        ctx.globalAlpha = Math.min(1, 0.08 + killed / 40);
        ctx.drawImage(sprite, pts[p + 1] - radius, pts[p + 2] - radius);
      }
      ctx.globalAlpha = 1;
      if (!size.x || !size.y) return;
      var image = ctx.getImageData(0, 0, size.x, size.y), px = image.data;
      for (var q = 0; q < px.length; q += 4) {
        var a = px[q + 3];
        if (!a) continue;
        var t = a / 255; // yellow -> orange -> dark red
        px[q] = 255 - Math.round(90 * Math.max(0, t - 0.6) / 0.4); px[q + 1] = Math.round(230 * (1 - t)); px[q + 2] = Math.round(60 * (1 - t));
        px[q + 3] = Math.min(230, 40 + a);
      }
      ctx.putImageData(image, 0, 0);
    }
  });

  function detailsFor(state, index) {
    var size = state.data.chunk, chunk = Math.floor(index / size);
    if (!state.chunks[chunk]) {
      state.chunks[chunk] = fetchJSON(state.data.details + chunk + ".json.gz");
    }
    return state.chunks[chunk].then(function (rows) { return rows[index - chunk * size]; });
  }

  function summaryHtml(state, i) {
    var j = state.data, s = j.strings, killed = j.k[i];
    var date = j.d[i] < 0 ? "date not known" : new Date(j.d[i] * 86400000).toISOString().slice(0, 10);
    return '<b>' + esc(s.subtypes[j.st[i]]) + "</b> &middot; " + esc(date) + "<br>" +
      esc(s.actors[j.a1[i]] || "\u2014") + " vs " + esc(s.actors[j.a2[i]] || "\u2014") + "<br>" +
      "<b>" + esc(s.locs[j.loc[i]] || "\u2014") + "</b> (" + esc(state.options.precision[j.p[i]] || "precision not known") + ")<br>" +
      "Killed: " + (killed < 0 ? "not reported" : esc(killed));
  }

  function detailHtml(row) {
    var detail = row.detail || {}, parts = [];
    for (var side in detail) parts.push(esc(side) + ": " + esc(detail[side]));
    var source = esc(row.source || "\u2014");
    if (typeof row.url === "string" && /^https?:\/\//i.test(row.url)) {
      source = '<a href="' + esc(row.url) + '" target="_blank" rel="noopener noreferrer">' + source + "</a>";
    }
    return (parts.length ? "By side: " + parts.join(", ") + "<br>" : "") +
      "Governorate: " + esc(row.admin1 || "\u2014") + (row.admin2 ? ", district: " + esc(row.admin2) : "") +
      (row.resolved === false ? " <i>(place not in gazetteer: shown at the area)</i>" : "") +
      '<div class="cm-evidence">' + esc(row.evidence) + "</div>Source: " + source;
  }

  /* One popup for every event under the click, newest first, paged with ‹ and ›. */
  function openEventPopup(state, indices, latlng) {
    var j = state.data, at = 0;
    indices = indices.slice().sort(function (a, b) { return j.d[b] - j.d[a] || a - b; });
    var box = L.DomUtil.create("div", "cm-popup"), pager = null, label = null;
    if (indices.length > 1) {
      pager = L.DomUtil.create("div", "cm-pager", box);
      var prev = L.DomUtil.create("button", "cm-pager-prev", pager);
      label = L.DomUtil.create("span", "cm-pager-label", pager);
      var next = L.DomUtil.create("button", "cm-pager-next", pager);
      prev.type = next.type = "button";
      prev.textContent = "\u2039"; next.textContent = "\u203a";
      prev.title = "Newer event here"; next.title = "Older event here";
      L.DomEvent.on(prev, "click", function (e) { L.DomEvent.stop(e); at = (at + indices.length - 1) % indices.length; show(); });
      L.DomEvent.on(next, "click", function (e) { L.DomEvent.stop(e); at = (at + 1) % indices.length; show(); });
    }
    var body = L.DomUtil.create("div", "cm-popup-event", box);
    var popup = L.popup({ maxWidth: 340 }).setLatLng(latlng).setContent(box);
    function show() {
      var i = indices[at];
      if (label) label.textContent = (at + 1) + " of " + indices.length + " events here";
      body.innerHTML = summaryHtml(state, i) + '<div class="cm-popup-detail">loading the evidence&hellip;</div>';
      var detail = body.lastChild;
      // Re-laid out once the evidence is in, so the taller popup is panned into view.
      detailsFor(state, i).then(function (row) {
        if (indices[at] === i) { detail.innerHTML = detailHtml(row); popup.update(); }
      }).catch(function (err) {
        if (indices[at] === i) { detail.innerHTML = "The evidence could not be loaded (" + esc(err.message) + ")."; popup.update(); }
      });
      popup.update();
    }
    popup.openOn(state.map);
    show();
  }

  /* Rectangle and polygon drawing; announces shapes the way Leaflet.draw does
     ("draw:created"), which streamlit-folium returns as all_drawings. */
  function drawControl(state) {
    var map = state.map, drawn = state.drawnItems, mode = null, points = [], preview = null, start = null;
    var control = L.control({ position: "topleft" });
    function finish(layer, type) {
      drawn.clearLayers(); drawn.addLayer(layer);
      stop();
      map.fire("draw:created", { layer: layer, layerType: type });
    }
    function stop() {
      mode = null; points = []; start = null;
      if (preview) { map.removeLayer(preview); preview = null; }
      map.dragging.enable(); map.doubleClickZoom.enable();
      map.getContainer().style.cursor = "";
      L.DomUtil.removeClass(map.getContainer(), "cm-drawing");
    }
    function begin(kind) {
      stop(); mode = kind;
      map.doubleClickZoom.disable();
      if (kind === "rectangle") map.dragging.disable();
      map.getContainer().style.cursor = "crosshair";
      L.DomUtil.addClass(map.getContainer(), "cm-drawing");
    }
    map.on("mousedown", function (e) {
      if (mode !== "rectangle") return;
      start = e.latlng;
      preview = L.rectangle([start, start], { color: "#0984e3", weight: 2, fillOpacity: 0.08, interactive: false }).addTo(map);
    });
    map.on("mousemove", function (e) {
      if (mode === "rectangle" && start && preview) preview.setBounds([start, e.latlng]);
      if (mode === "polygon" && points.length && preview) preview.setLatLngs(points.concat([e.latlng]));
    });
    map.on("mouseup", function (e) {
      if (mode !== "rectangle" || !start) return;
      var bounds = L.latLngBounds(start, e.latlng);
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) { stop(); return; }
      finish(L.rectangle(bounds, state.areaStyle), "rectangle");
    });
    map.on("click", function (e) {
      if (mode !== "polygon") return;
      if (points.length >= 3) {
        var first = map.latLngToContainerPoint(points[0]);
        if (first.distanceTo(e.containerPoint) < 10) { finish(L.polygon(points, state.areaStyle), "polygon"); return; }
      }
      points.push(e.latlng);
      if (!preview) preview = L.polyline(points, { color: "#0984e3", weight: 2, dashArray: "4 4", interactive: false }).addTo(map);
      else preview.setLatLngs(points);
    });
    map.on("dblclick", function () {
      if (mode === "polygon" && points.length >= 3) finish(L.polygon(points, state.areaStyle), "polygon");
    });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar cm-draw");
      function button(cls, title, label, handler) {
        var a = L.DomUtil.create("a", cls, bar);
        a.href = "#"; a.title = title; a.setAttribute("role", "button"); a.setAttribute("aria-label", title); a.innerHTML = label;
        L.DomEvent.on(a, "click", function (ev) { L.DomEvent.stop(ev); handler(); });
      }
      button("cm-draw-rectangle", "Draw a rectangle to filter by area", "&#9645;", function () { begin("rectangle"); });
      button("cm-draw-polygon", "Draw a polygon to filter by area (click the first point or double-click to close)", "&#11040;", function () { begin("polygon"); });
      button("cm-draw-clear", "Clear the drawn area", "&#10005;", function () {
        stop();
        var removed = L.featureGroup(drawn.getLayers());
        drawn.clearLayers();
        map.fire("draw:deleted", { layers: removed });
      });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    };
    return control;
  }

  function fullscreenControl(map) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar cm-fullscreen");
      var a = L.DomUtil.create("a", "", bar);
      a.href = "#"; a.title = "Full screen"; a.setAttribute("role", "button"); a.setAttribute("aria-label", "Full screen"); a.innerHTML = '<svg width="14" height="14" viewBox="0 0 14 14" style="margin-top:8px" aria-hidden="true"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9" fill="none" stroke="#333" stroke-width="2"/></svg>';
      L.DomEvent.on(a, "click", function (ev) {
        L.DomEvent.stop(ev);
        var box = map.getContainer();
        if (document.fullscreenElement) document.exitFullscreen();
        else if (box.requestFullscreen) box.requestFullscreen();
      });
      document.addEventListener("fullscreenchange", function () { setTimeout(function () { map.invalidateSize(); }, 50); });
      return bar;
    };
    return control;
  }

  function legendControl(options) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "cm-legend");
      var html = "<b>Event type</b>";
      options.types.forEach(function (type) {
        html += '<div class="cm-legend-row"><canvas width="16" height="16" data-type="' + esc(type) + '"></canvas>' + esc(type) + "</div>";
      });
      html += '<div class="cm-legend-note">size: fatalities &middot; solid outline: village or town &middot; dashed, pale: near a place or area &middot; dotted ring: district or governorate only<br>dark discs: clusters (zoom in to split)</div>';
      div.innerHTML = html;
      div.querySelectorAll("canvas").forEach(function (c) {
        var t = c.getAttribute("data-type"), ctx = c.getContext("2d");
        shapePath(ctx, options.shapes[t] || "circle", 8, 8, 6);
        ctx.fillStyle = options.colours[t]; ctx.globalAlpha = 0.85; ctx.fill(); ctx.globalAlpha = 1;
        ctx.strokeStyle = "#2d3436"; ctx.lineWidth = 1; ctx.stroke();
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control;
  }

  function territoryLegend(state) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      control.div = L.DomUtil.create("div", "cm-legend cm-territory-legend");
      control.refresh();
      return control.div;
    };
    control.refresh = function () {
      if (!control.div) return;
      var html = "<b>Held last by</b> (as of the timeline's end)";
      var names = Object.keys(state.territoryHolders || {}).sort();
      names.forEach(function (name) {
        html += '<div class="cm-legend-row"><span class="cm-dot" style="background:' + esc(state.territoryHolders[name]) + '"></span>' + esc(name) + "</div>";
      });
      if (!names.length) html += "<div>no capture events in this period</div>";
      control.div.innerHTML = html;
    };
    return control;
  }

  function statusControl(state) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      state.statusEl = L.DomUtil.create("div", "cm-status");
      state.statusEl.textContent = "loading events\u2026";
      return state.statusEl;
    };
    return control;
  }

  function updateStatus(state) {
    if (!state.statusEl || !state.ds) return;
    var shown = 0, m = state.ds.mask;
    for (var i = 0; i < m.length; i++) shown += m[i];
    state.statusEl.setAttribute("data-shown", shown);
    state.statusEl.setAttribute("data-drawn", state.drawnCount || 0);
    state.statusEl.setAttribute("data-version", state.version || "");
    state.statusEl.textContent = shown.toLocaleString("en") + " events on the map" + (state.label ? " \u00b7 " + state.label : "");
    // When this state reached the screen (wall clock, ms): a timeout queued from an
    // animation frame runs just after that frame is painted.
    var el = state.statusEl, version = state.version, drawn = state.drawnCount || 0;
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (state.version === version && (state.drawnCount || 0) === drawn) {
          el.setAttribute("data-painted-at", String(Date.now()));
          if (drawn && !state.firstPaintedAt) state.firstPaintedAt = Date.now();
          if (drawn && state.releaseReport) state.releaseReport();
        }
      }, 0);
    });
  }

  /* streamlit-folium reports the map's state to the app once the map is set up, and on a
     session's first view that report is the rerun that brings the page's filters and charts
     (conflictmap_ui.overview). Drawing those keeps the browser's main thread busy, so the
     report waits until the events are painted (or 5 s at most). When streamlit-folium's
     state does not look as expected, nothing is held. */
  function holdFirstReport(state) {
    var host = window.__GLOBAL_DATA__, before = host && host.previous_data;
    var held = !!(before && typeof before === "object" && before.selected_layers === null);
    if (held) host.previous_data = L.extend({}, before, { selected_layers: [] });
    state.releaseReport = function () {
      if (!held) return;
      held = false;
      state.reportReleasedAt = Date.now();
      host.previous_data = L.extend({}, host.previous_data, { selected_layers: null });
      state.map.fire("moveend");  // streamlit-folium reports on moveend
    };
    setTimeout(state.releaseReport, 5000);
  }

  /* Set up everything on the map folium created. */
  CM.init = function (map, options) {
    var state = (CM.state = { map: map, options: options, chunks: {}, pending: null });
    holdFirstReport(state);
    state.areaStyle = { color: "#0984e3", weight: 2, fillOpacity: 0.06 };
    map.fitBounds(options.bounds);
    L.control.scale({ imperial: false }).addTo(map);
    fullscreenControl(map).addTo(map);

    var bases = {}, offline = L.layerGroup();
    var outlineRenderer = L.canvas({ padding: 0.2 });
    if (options.boundaries) {
      fetchJSON(options.boundaries).then(function (geo) {
        L.geoJSON(geo, {
          renderer: outlineRenderer, interactive: false,
          style: function (f) {
            var border = f.properties && f.properties.kind === "border";
            return { color: border ? "#636e72" : "#95a5a6", weight: border ? 2 : 1, dashArray: border ? null : "3 3", fill: false };
          }
        }).addTo(offline);
      });
    }
    var towns = L.layerGroup();
    options.towns.forEach(function (t) {
      L.marker([t[1], t[2]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "cm-town-icon", html: '<div class="cm-town">&#9679; ' + esc(t[0]) + "</div>", iconSize: [120, 14], iconAnchor: [4, 7] })
      }).addTo(towns);
    });
    bases["Offline background"] = offline.addTo(map);
    options.tiles.forEach(function (tile) { bases[tile.name] = L.tileLayer(tile.url, { attribution: tile.attribution, maxZoom: 18 }); });

    state.drawnItems = L.featureGroup().addTo(map);
    drawControl(state).addTo(map);
    legendControl(options).addTo(map);
    statusControl(state).addTo(map);

    state.territory = L.layerGroup();
    state.territoryLegend = territoryLegend(state);
    map.on("overlayadd", function (e) { if (e.layer === state.territory) state.territoryLegend.addTo(map); });
    map.on("overlayremove", function (e) { if (e.layer === state.territory) state.territoryLegend.remove(); });
    var overlays = { "Town labels": towns.addTo(map) };
    state.overlays = overlays;
    state.layerControl = L.control.layers(bases, overlays, { collapsed: true, position: "topright" }).addTo(map);

    mark("cm-init");
    fetchJSON(options.data).then(function (json) {
      mark("cm-data-parsed");
      state.data = json;
      state.ds = new Dataset(json);
      mark("cm-dataset");
      state.events = new CM.EventsLayer(state.ds, options);
      state.events.onDrawn = function (count) {
        if (!state.drawnCount && count) mark("cm-drawn");
        state.drawnCount = count; updateStatus(state);
      };
      state.heat = new CM.HeatLayer(state.ds);
      state.layerControl.addOverlay(state.events, "Events");
      state.layerControl.addOverlay(state.heat, "Heat map of fatalities");
      state.layerControl.addOverlay(state.territory, "Territory: who took each place last");
      state.events.addTo(map);
      if (state.pending) CM.update(state.pending);
      else updateStatus(state);
    });

    map.on("click", function (e) {
      if (!state.events || !map.hasLayer(state.events) || L.DomUtil.hasClass(map.getContainer(), "cm-drawing")) return;
      var hit = state.events.hitTest(e.containerPoint);
      if (!hit) return;
      if (hit.kind === "cluster") {
        map.setView(e.latlng, Math.min(map.getZoom() + 2, CLUSTER_MAX_ZOOM + 1));
      } else {
        var stacked = state.events.hitsAt(e.containerPoint).filter(function (h) { return h.kind === "event"; });
        openEventPopup(state, stacked.map(function (h) { return h.i; }), map.containerPointToLatLng([hit.x, hit.y]));
      }
    });
    window.drawnItems = state.drawnItems;
    return state;
  };

  /* A filter change from the server: which events to show, the territory, the drawn area. */
  CM.update = function (payload) {
    var state = CM.state;
    if (!state) return;
    if (!state.ds) { state.pending = payload; return; }
    state.pending = null;
    mark("cm-update");
    state.ds.mask = decodeMask(payload.mask, state.ds.n);
    state.version = payload.version; state.label = payload.label;
    if (state.events) state.events.redraw();
    if (state.heat) state.heat.redraw();
    updateStatus(state);

    state.territory.clearLayers();
    var holders = {};
    (payload.territory || []).forEach(function (t) { holders[t.holder] = t.colour; });
    state.territoryHolders = holders;
    if (state.territoryLegend) state.territoryLegend.refresh();
    var renderer = state.territoryRenderer || (state.territoryRenderer = L.canvas());
    (payload.territory || []).forEach(function (t) {
      L.circleMarker([t.lat, t.lon], { renderer: renderer, radius: 6, color: "#2d3436", weight: 1, fillColor: t.colour, fillOpacity: 0.9 })
        .bindTooltip(esc(t.place) + ": " + esc(t.holder) + " since " + esc(t.date) + " (" + esc(t.how) + ")")
        .addTo(state.territory);
    });

    var area = payload.area;
    var current = state.drawnItems.getLayers()[0];
    var same = current && area && JSON.stringify(current.getLatLngs()[0].map(function (p) { return [+p.lat.toFixed(5), +p.lng.toFixed(5)]; })) ===
      JSON.stringify(area.map(function (p) { return [+p[0].toFixed(5), +p[1].toFixed(5)]; }));
    if (!same) {
      state.drawnItems.clearLayers();
      if (area && area.length >= 3) state.drawnItems.addLayer(L.polygon(area, state.areaStyle));
    }
  };
})();
