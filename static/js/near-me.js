/* "Near me" on the search forms: only when the button is pressed, ask the browser where it is, put the
   coordinates in the form's lat and lon fields and submit it, so the results come nearest first.
   Without JavaScript (or geolocation) the button stays hidden and postcodes and place names still work. */
(function () {
  "use strict";
  if (!navigator.geolocation) { return; }
  document.querySelectorAll("[data-near-me]").forEach(function (box) {
    var form = box.closest("form");
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    if (!form || !button || !status) { return; }
    box.hidden = false;

    function field(name) {
      var input = form.querySelector("input[name=" + name + "]");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.appendChild(input);
      }
      return input;
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = box.getAttribute("data-finding") || "";
      navigator.geolocation.getCurrentPosition(function (position) {
        field("lat").value = position.coords.latitude.toFixed(5);
        field("lon").value = position.coords.longitude.toFixed(5);
        // A place typed in the box would win over the device's: keep only the words searched for.
        var words = form.querySelector("input[name=q]");
        if (words && box.hasAttribute("data-words")) { words.value = box.getAttribute("data-words"); }
        form.submit();
      }, function () {
        button.disabled = false;
        status.textContent = box.getAttribute("data-failed") || "";
      }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 300000});
    });
  });
})();
