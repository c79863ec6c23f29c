// The workshop projector: polls the session's small JSON every second and redraws the accepted items
// when the session's version changes, so an acceptance reaches the screen within two seconds.
(function () {
  "use strict";
  const main = document.getElementById("main");
  if (!main || !main.dataset.screenUrl) {
    return;
  }
  const url = main.dataset.screenUrl;
  // Unknown until the first answer, so the network and map (drawn by workshop_screen_area.js) start at once.
  let version = null;
  const POLL_MS = 1000;
  const timer = document.getElementById("screen-timer");
  let endsAt = null;

  function setTimer(left) {
    endsAt = left === null || left === undefined || left === "" ? null : Date.now() + Number(left) * 1000;
    tick();
  }

  function tick() {
    if (endsAt === null) {
      timer.textContent = "";
      return;
    }
    const seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    if (timer.textContent !== text) {
      timer.textContent = text;
    }
  }

  function item(entry) {
    const li = document.createElement("li");
    const kind = document.createElement("span");
    kind.className = "projector-kind";
    kind.textContent = entry.kind;
    const text = document.createElement("span");
    text.className = "projector-text";
    text.textContent = entry.text;
    li.append(kind, " ", text);
    if (entry.by) {
      const by = document.createElement("span");
      by.className = "projector-by";
      by.textContent = entry.by;
      li.append(" ", by);
    }
    return li;
  }

  function draw(data) {
    document.getElementById("screen-phase").textContent = data.phase_label;
    const state = document.getElementById("screen-state");
    state.textContent = data.state_label;
    state.dataset.state = data.state;
    document.getElementById("screen-items").replaceChildren(...data.items.map(item));
    document.getElementById("screen-gaps").replaceChildren(
      ...data.gaps.map((gap) => {
        const li = document.createElement("li");
        li.textContent = gap;
        return li;
      }),
    );
    main.dataset.version = String(data.version);
    setTimer(data.timer_left);
    document.dispatchEvent(new CustomEvent("workshop-screen", { detail: data }));
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const data = await response.json();
        if (data.version !== version) {
          version = data.version;
          draw(data);
        }
      }
    } catch (error) {
      // The hall's network dropped for a moment: try again on the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  }

  setTimer(timer.dataset.left);
  window.setInterval(tick, 250);
  poll();
})();
