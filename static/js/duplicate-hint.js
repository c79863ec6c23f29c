/* The asset form's "this may already exist" hint, as its user types a name, postcode or contact details.
   Without JavaScript the server shows the same hint when the form is sent. */
(function () {
  "use strict";
  var hint = document.getElementById("duplicate-hint");
  if (!hint || !window.fetch || !window.URLSearchParams) { return; }
  var form = hint.closest("form");
  var url = hint.getAttribute("data-check-url");
  var exclude = hint.getAttribute("data-exclude");
  var names = ["name_en", "name_cy", "postcode", "contact_phone", "contact_email", "website"];
  var timer = null;
  var sequence = 0;
  var last = "";

  function query() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && input.value.trim()) { params.set(name, input.value.trim()); }
    });
    if (exclude) { params.set("exclude", exclude); }
    return params;
  }

  function show(answer) {
    hint.textContent = "";
    if (!answer.matches || !answer.matches.length) { return; }
    var heading = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = answer.heading;
    heading.appendChild(strong);
    var list = document.createElement("ul");
    answer.matches.forEach(function (match) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = match.url;
      link.textContent = match.name;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + match.reasons.join("; ") + ")"));
      list.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = answer.note;
    hint.appendChild(heading);
    hint.appendChild(list);
    hint.appendChild(note);
  }

  function check() {
    var params = query();
    if (!params.get("name_en") && !params.get("name_cy")) { hint.textContent = ""; last = ""; return; }
    var text = params.toString();
    if (text === last) { return; }
    last = text;
    var mine = ++sequence;
    fetch(url + "?" + text, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {matches: []}; })
      .then(function (answer) { if (mine === sequence) { show(answer); } })
      .catch(function () { /* the server checks again when the form is sent */ });
  }

  names.forEach(function (name) {
    var input = form.elements.namedItem(name);
    if (!input) { return; }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 350);
    });
  });
}());
