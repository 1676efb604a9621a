/* 공간범위 좌표 drawn on a map. The textarea named by `target` stays the field that is posted
 * (GeoJSON, validated on the server: inside Busan); this module keeps it in step with a
 * Leaflet map (ckanext-spatial's Leaflet and tile settings) where the publisher draws a
 * rectangle or a polygon with Leaflet.draw, edits or deletes it, or takes the extent of the
 * 구·군 chosen in the districts field from the boundaries file. Tiles are decoration: the
 * map opens on Busan and works without them. */
this.ckan.module("busan-extent", function ($) {
  // Busan's extent (WGS84), the map's first view.
  var BUSAN = [[34.8806, 128.7650], [35.3933, 129.3036]];
  var ALL_BUSAN = "2600000000";

  function round(n) { return Math.round(n * 1e6) / 1e6; }

  function roundCoords(coords) {
    return typeof coords[0] === "number" ? [round(coords[0]), round(coords[1])] : coords.map(roundCoords);
  }

  // 'minx,miny,maxx,maxy' (the bbox form the validator also accepts) as Leaflet bounds.
  function bboxBounds(text) {
    var parts = text.split(",").map(function (s) { return s.trim(); });
    if (parts.length !== 4 || parts.some(function (s) { return s === "" || isNaN(+s); })) { return null; }
    return L.latLngBounds([+parts[1], +parts[0]], [+parts[3], +parts[2]]);
  }

  return {
    options: {
      target: null,
      districts: null,
      boundaries: null,
      locale: "ko",
      map_config: {},
      i18n: {}
    },

    initialize: function () {
      if (!window.L || !L.Control || !L.Control.Draw) { return; } // the textarea still works
      $.proxyAll(this, /_on/);
      this.text = $(this.options.target);
      this.status = this.el.find(".busan-extent-status");
      this.boundaries = null;
      if (this.options.locale === "ko" && window.busanDrawLocalKo) {
        $.extend(true, L.drawLocal, window.busanDrawLocalKo);
      }
      // The map and its buttons go under the field's label, above the GeoJSON, which folds
      // away behind a toggle unless it carries an error to read.
      this.text.before(this.el.find(".busan-extent-map, .busan-extent-actions").prop("hidden", false));
      this.setFolded(!this.text.closest(".form-group").hasClass("error"));

      var map = this.map = ckan.commonLeafletMap(this.el.find(".busan-extent-map")[0],
        this.options.map_config, { scrollWheelZoom: false, attributionControl: false });
      map.fitBounds(BUSAN);
      this.drawn = new L.FeatureGroup().addTo(map);
      map.addControl(new L.Control.Draw({
        position: "topright",
        draw: {
          polyline: false, circle: false, marker: false, circlemarker: false,
          // showArea off: Leaflet.draw 1.0.4's area label throws in strict mode
          rectangle: { showArea: false, shapeOptions: { color: "#0b5cad" } },
          polygon: { allowIntersection: false, showArea: false, shapeOptions: { color: "#0b5cad" } }
        },
        edit: { featureGroup: this.drawn }
      }));
      map.on(L.Draw.Event.CREATED, this._onCreated);
      map.on(L.Draw.Event.EDITED + " " + L.Draw.Event.DELETED, this._onChanged);

      this.el.on("click", ".busan-extent-from-districts", this._onFromDistricts);
      this.el.on("click", ".busan-extent-clear", this._onClear);
      this.el.on("click", ".busan-extent-toggle", this._onToggle);
      this.text.on("change", this._onTextChange);
      this.read(true);
    },

    setFolded: function (folded) {
      this.text.toggleClass("busan-extent-folded", folded);
      this.el.find(".busan-extent-toggle")
        .attr("aria-expanded", folded ? "false" : "true")
        .text(folded ? this.options.i18n.show : this.options.i18n.hide);
    },

    say: function (message) { this.status.text(message || ""); },

    // The textarea's value drawn on the map (a GeoJSON geometry, feature or collection, or
    // a bbox); text that is neither is left alone for the server to explain.
    read: function (fit) {
      var value = $.trim(this.text.val());
      var drawn = this.drawn;
      drawn.clearLayers();
      if (!value) { return; }
      var box = value.charAt(0) === "{" ? null : bboxBounds(value);
      if (box) {
        drawn.addLayer(L.rectangle(box));
      } else {
        var geojson;
        try { geojson = JSON.parse(value); } catch (e) { return; }
        try {
          L.geoJSON(geojson).eachLayer(function (layer) {
            var latlngs = layer.getLatLngs ? layer.getLatLngs() : null;
            // one editable polygon per part of a MultiPolygon
            if (latlngs && latlngs.length && Array.isArray(latlngs[0]) && Array.isArray(latlngs[0][0])) {
              latlngs.forEach(function (part) { drawn.addLayer(L.polygon(part)); });
            } else {
              drawn.addLayer(layer);
            }
          });
        } catch (e) { return; }
      }
      if (fit && drawn.getLayers().length) { this.map.fitBounds(drawn.getBounds(), { maxZoom: 14 }); }
    },

    // What is drawn, as the posted GeoJSON: one geometry, several polygons as a MultiPolygon.
    write: function () {
      var geometries = this.drawn.getLayers().map(function (layer) { return layer.toGeoJSON().geometry; });
      var value = "";
      if (geometries.length === 1) {
        value = JSON.stringify({ type: geometries[0].type, coordinates: roundCoords(geometries[0].coordinates) });
      } else if (geometries.length > 1) {
        var polygons = [];
        geometries.forEach(function (g) {
          if (g.type === "Polygon") { polygons.push(g.coordinates); }
          if (g.type === "MultiPolygon") { polygons = polygons.concat(g.coordinates); }
        });
        value = JSON.stringify({ type: "MultiPolygon", coordinates: roundCoords(polygons) });
      }
      this.text.val(value);
    },

    _onCreated: function (event) {
      // one extent: a new drawing replaces the previous one
      this.drawn.clearLayers();
      this.drawn.addLayer(event.layer);
      this.write();
      this.say(this.options.i18n.drawn);
    },

    _onChanged: function () { this.write(); },

    _onClear: function () {
      this.drawn.clearLayers();
      this.write();
      this.say(this.options.i18n.cleared);
    },

    _onToggle: function () {
      var folded = !this.text.hasClass("busan-extent-folded");
      this.setFolded(folded);
      if (!folded) { this.text.trigger("focus"); }
    },

    _onTextChange: function () { this.read(true); },

    _onFromDistricts: function () {
      var module = this;
      var codes = $(this.options.districts).val() || [];
      if (!codes.length) { this.say(this.options.i18n.choose_first); return; }
      var use = function (collection) {
        var features = (collection.features || []).filter(function (f) {
          return codes.indexOf(ALL_BUSAN) !== -1 || codes.indexOf(String(f.properties.code)) !== -1;
        });
        if (!features.length) { module.say(module.options.i18n.no_boundary); return; }
        var bounds = L.geoJSON({ type: "FeatureCollection", features: features }).getBounds();
        module.drawn.clearLayers();
        module.drawn.addLayer(L.rectangle(bounds));
        module.write();
        module.map.fitBounds(bounds);
        module.say(module.options.i18n.from_districts);
      };
      if (this.boundaries) { use(this.boundaries); return; }
      $.getJSON(this.options.boundaries)
        .done(function (collection) { module.boundaries = collection; use(collection); })
        .fail(function () { module.say(module.options.i18n.no_boundary); });
    }
  };
});
