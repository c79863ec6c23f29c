/* The header menu on narrow screens: a button that shows and hides the links. Until this runs (or
   without scripts) the links are simply shown; the CSS folds them only under .has-menu-js. */
(function () {
  "use strict";

  var button = document.getElementById("menu-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  document.documentElement.classList.add("has-menu-js");
  button.hidden = false;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
