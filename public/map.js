// The reports' maps, drawn with Leaflet (served from this origin) over the
// tile server the portal is configured with. Progressive enhancement only:
// without JavaScript, or without Leaflet, the place is typed into the
// form's fields and the reports are read as a list. Every text comes from
// the page (the portal's catalogue), in the reader's language.
(function () {
  "use strict";
  if (!window.L) return;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (character) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[character];
    });
  }

  function decimals(value) {
    return (Math.round(value * 1e6) / 1e6).toFixed(6);
  }

  function baseMap(element) {
    var center = (element.dataset.center || "45.5297,9.0401").split(",").map(Number);
    element.hidden = false;
    var map = L.map(element, { center: center, zoom: Number(element.dataset.zoom || 15), keyboard: true, scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: element.dataset.zoomIn || "+", zoomOutTitle: element.dataset.zoomOut || "-" }).addTo(map);
    var attribution = element.dataset.attributionUrl
      ? '<a href="' + escapeHtml(element.dataset.attributionUrl) + '">' + escapeHtml(element.dataset.attribution || "") + "</a>"
      : escapeHtml(element.dataset.attribution || "");
    L.tileLayer(element.dataset.tiles, { attribution: attribution, maxZoom: 19 }).addTo(map);
    map.attributionControl.setPrefix(false);
    // The map's own keyboard focus: arrows pan, + and - zoom.
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", element.dataset.label || "");
    element.setAttribute("aria-roledescription", element.dataset.roledescription || "map");
    return map;
  }

  // A point to choose: a click (or the button, for the keyboard: move the
  // map with the arrows, then put the point at its centre) writes the
  // coordinates into the form's fields; typing in them moves the point.
  function choosePoint(element) {
    var latitude = document.getElementById(element.dataset.latitudeField);
    var longitude = document.getElementById(element.dataset.longitudeField);
    if (!latitude || !longitude) return;
    var map = baseMap(element);
    var announcement = document.getElementById(element.dataset.announcement);
    var marker = null;
    function place(position, announce) {
      if (marker) {
        marker.setLatLng(position);
      } else {
        marker = L.marker(position, { draggable: true, keyboard: false, alt: element.dataset.markerLabel || "", title: element.dataset.markerLabel || "" }).addTo(map);
        marker.on("dragend", function () {
          write(marker.getLatLng());
        });
      }
      if (announce) write(position);
    }
    function write(position) {
      latitude.value = decimals(position.lat);
      longitude.value = decimals(position.lng);
      if (announcement) {
        announcement.textContent = (element.dataset.chosenText || "{lat}, {lon}").replace("{lat}", latitude.value).replace("{lon}", longitude.value);
      }
    }
    function fromFields() {
      var lat = Number(latitude.value.replace(",", "."));
      var lon = Number(longitude.value.replace(",", "."));
      if (latitude.value.trim() && longitude.value.trim() && isFinite(lat) && isFinite(lon)) {
        place(L.latLng(lat, lon), false);
        map.panTo([lat, lon]);
      }
    }
    fromFields();
    map.on("click", function (event) {
      place(event.latlng, true);
    });
    latitude.addEventListener("change", fromFields);
    longitude.addEventListener("change", fromFields);
    document.querySelectorAll("[data-map-only]").forEach(function (only) {
      only.hidden = false;
    });
    var button = document.getElementById(element.dataset.centerButton);
    if (button) {
      button.addEventListener("click", function () {
        place(map.getCenter(), true);
      });
    }
  }

  // The reports of the list on a map: each point links to its report.
  function showReports(element) {
    var items = document.querySelectorAll("[data-report-point]");
    if (!items.length) return;
    var map = baseMap(element);
    var bounds = [];
    items.forEach(function (item) {
      var position = [Number(item.dataset.lat), Number(item.dataset.lon)];
      var title = item.dataset.title || "";
      var link = document.createElement("a");
      link.href = item.dataset.href;
      link.textContent = title;
      L.marker(position, { alt: title, title: title }).addTo(map).bindPopup(link);
      bounds.push(position);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    else map.setView(bounds[0], 16);
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    if (element.dataset.map === "choose") choosePoint(element);
    else if (element.dataset.map === "show") showReports(element);
  });
})();
