// Suggestions while typing; the form works without this script.
(() => {
  const input = document.querySelector("[data-suggest]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return;
    timer = setTimeout(async () => {
      const response = await fetch(`/api/search/suggest/?q=${encodeURIComponent(q)}`);
      if (!response.ok) return;
      const items = await response.json();
      list.replaceChildren(...items.map((item) => Object.assign(document.createElement("option"), { value: item.title })));
    }, 150);
  });
})();
