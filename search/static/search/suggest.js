// Suggestions while typing (titles and full 发文字号) for the search page's combobox
// (ARIA 1.2 combobox with a listbox popup). The form works without this script.
(() => {
  const input = document.querySelector("[data-suggest]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const status = document.querySelector("[data-suggest-status]");
  let items = [];
  let active = -1;
  let timer;
  let latest = 0;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    items = [];
    active = -1;
  };

  const highlight = (index) => {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    }
  };

  const choose = (index) => {
    input.value = items[index].value;
    close();
    input.form.requestSubmit();
  };

  const show = (found) => {
    items = found;
    active = -1;
    list.replaceChildren(
      ...found.map((item, index) => {
        const option = document.createElement("li");
        option.id = `search-suggestion-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "search-suggestions__option";
        const main = document.createElement("span");
        main.textContent = item.value;
        option.append(main);
        const other = item.value === item.doc_number ? item.title : item.doc_number;
        if (other) {
          const note = document.createElement("span");
          note.className = "search-suggestions__note";
          note.textContent = other;
          option.append(note);
        }
        // mousedown keeps the focus in the box, so the choice is not lost to its blur.
        option.addEventListener("mousedown", (event) => event.preventDefault());
        option.addEventListener("click", () => choose(index));
        return option;
      }),
    );
    const open = found.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (status) status.textContent = open ? `有 ${found.length} 条建议` : "";
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      close();
      return;
    }
    timer = setTimeout(async () => {
      const asked = ++latest;
      try {
        const response = await fetch(`/api/search/suggest/?q=${encodeURIComponent(q)}`);
        if (!response.ok || asked !== latest) return;
        show(await response.json());
      } catch {
        close();
      }
    }, 150);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      // Cycle through the options and back to the typed text (-1).
      let next = active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= items.length) next = -1;
      if (next < -1) next = items.length - 1;
      highlight(next);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 0));
})();
