// The facilitator console: tells the facilitator (politely, in a status region) when more contributions
// are waiting than the page shows, without reloading under their hands while they edit one.
(function () {
  "use strict";
  const news = document.getElementById("lane-news");
  if (!news || !news.dataset.screenUrl) {
    return;
  }
  const shown = Number(news.dataset.waiting);
  const POLL_MS = 3000;

  async function poll() {
    try {
      const response = await fetch(news.dataset.screenUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const data = await response.json();
        if (data.waiting > shown) {
          news.textContent = news.dataset.message;
          return; // said once; the facilitator refreshes when ready
        }
      }
    } catch (error) {
      // A moment without network: ask again on the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  }

  window.setTimeout(poll, POLL_MS);
})();
