// A "Print this page" button for pages meant to be handed over on paper (data-print).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
