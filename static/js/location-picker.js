/* The asset form's location picker: click the map, or type a postcode, and see the ward before saving.
   Without JavaScript the form works as it always did; this only adds the map and the live answer. */
(function () {
  "use strict";
  var picker = document.querySelector(".location-picker");
  if (!picker || !window.fetch || !window.L) { return; }
  var mapElement = picker.querySelector(".folium-map");
  var status = picker.querySelector("[role=status]");
  var postcode = document.getElementById("postcode");
  var latitude = document.getElementById("latitude");
  var longitude = document.getElementById("longitude");
  var url = picker.getAttribute("data-locate-url");
  var clearedNote = picker.getAttribute("data-cleared-note") || "";
  var sequence = 0;

  picker.hidden = false;
  mapElement.dispatchEvent(new CustomEvent("abcd:shown"));

  function ask(params, note, onPlaced) {
    var mine = ++sequence;
    var query = new URLSearchParams(params).toString();
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + query,
          {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (mine !== sequence) { return; }
        status.textContent = (answer.message || "") + (answer.ok && note ? " " + note : "");
        if (answer.ok && onPlaced) { onPlaced(answer); }
      })
      .catch(function () { if (mine === sequence) { status.textContent = ""; } });
  }

  mapElement.addEventListener("abcd:picked", function (event) {
    latitude.value = event.detail.lat.toFixed(6);
    longitude.value = event.detail.lng.toFixed(6);
    var cleared = Boolean(postcode.value.trim());
    postcode.value = "";  // a postcode wins over a point when the record is saved
    ask({lat: latitude.value, lon: longitude.value}, cleared ? clearedNote : "");
  });

  postcode.addEventListener("change", function () {
    if (!postcode.value.trim()) { status.textContent = ""; return; }
    ask({postcode: postcode.value}, "", function (answer) {
      mapElement.dispatchEvent(new CustomEvent("abcd:place", {detail: {lat: answer.latitude, lng: answer.longitude}}));
    });
  });
})();
