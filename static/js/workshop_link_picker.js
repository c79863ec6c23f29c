// The workshop link form's search boxes (progressive enhancement): typing in an end's name lists the
// published records that fit it, and choosing one fills the hidden key the server resolves first.
// Without this script the typed name is resolved on the server. Names are data: set with textContent.
(function () {
  "use strict";
  const form = document.querySelector("form[data-link-form]");
  if (!form || !window.fetch) {
    return;
  }
  const texts = form.querySelector("[data-link-texts]").dataset;
  const meRelations = (texts.me || "").split(" ");
  const relation = form.querySelector("[data-relation]");
  const WAIT_MS = 200;

  function fromNeeded() {
    return meRelations.indexOf(relation.value) < 0;
  }

  function keyInput(end) {
    let input = end.querySelector("[data-end-key]");
    if (!input) {
      // The server listed matches to choose from: a pick from the search replaces them.
      const choices = end.querySelector("[data-end-choices]");
      const name = choices.querySelector("input").name;
      choices.remove();
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.dataset.endKey = "";
      end.append(input);
    }
    return input;
  }

  function setUp(end) {
    const side = end.dataset.end;
    const nameInput = end.querySelector("[data-end-name]");
    const results = end.querySelector("[data-end-results]");
    const status = end.querySelector("[data-end-status]");
    let timer = null;
    let asked = 0;

    function choose(entry) {
      nameInput.value = entry.label;
      keyInput(end).value = entry.key;
      results.replaceChildren();
      results.hidden = true;
      status.textContent = texts.textChosen.replace("{name}", entry.label);
      nameInput.focus();
    }

    function show(entries) {
      results.replaceChildren(
        ...entries.map((entry) => {
          const li = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button secondary end-choice";
          button.textContent = entry.label;
          if (entry.here) {
            const note = document.createElement("span");
            note.className = "note";
            note.textContent = ` (${texts.textHere})`;
            button.append(note);
          }
          button.addEventListener("click", () => choose(entry));
          li.append(button);
          return li;
        }),
      );
      results.hidden = entries.length === 0;
      status.textContent = entries.length
        ? texts.textFound.replace("{count}", String(entries.length))
        : texts.textNone;
    }

    async function search() {
      const text = nameInput.value.trim();
      const mine = ++asked;
      if (text.length < 2) {
        show([]);
        return;
      }
      const url = new URL(form.dataset.endsUrl, window.location.href);
      url.search = new URLSearchParams({ q: text, side: side, relation: relation.value }).toString();
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (response.ok && mine === asked) {
          show(await response.json());
        }
      } catch (error) {
        // No network for a moment: the typed name is still resolved on the server when sent.
      }
    }

    nameInput.addEventListener("input", () => {
      const key = end.querySelector("[data-end-key]");
      if (key) {
        key.value = "";
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, WAIT_MS);
    });
    return { side, search };
  }

  const ends = Array.from(form.querySelectorAll("[data-end]")).map(setUp);
  const fromEnd = form.querySelector('[data-end="from"]');

  function relationChanged() {
    fromEnd.hidden = !fromNeeded();
    ends.forEach((end) => end.search());
  }

  relation.addEventListener("change", relationChanged);
  fromEnd.hidden = !fromNeeded();
})();
