// Progressive enhancement only: every page works without this script. No inline handlers: the
// Content-Security-Policy allows scripts from our own static files alone.
(() => {
  if (window.portalEnhanced) return; // some templates load this file a second time
  window.portalEnhanced = true;

  const ELDER_KEY = "portal-elder-mode";
  const root = document.documentElement;

  const syncElderButtons = () => {
    const on = root.classList.contains("elder-mode");
    for (const button of document.querySelectorAll("[data-elder-toggle]")) {
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "退出长者模式" : "长者模式";
    }
  };

  const setElderMode = (on) => {
    root.classList.toggle("elder-mode", on);
    try {
      if (on) window.localStorage.setItem(ELDER_KEY, "on");
      else window.localStorage.removeItem(ELDER_KEY);
    } catch (error) {
      // Not remembered where storage is blocked; the page still switches.
    }
    syncElderButtons();
  };

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    if (event.target.closest("[data-elder-toggle]")) {
      setElderMode(!root.classList.contains("elder-mode"));
    }
  });

  // Tables marked data-stack="auto" (the annual report's statutory grids, whose headers span
  // rows and columns) get a data-label per cell, so narrow screens can show label/value rows.
  const spread = (rows, into) => {
    // Place every cell of `rows` on a grid of [row][column], following rowspan and colspan.
    rows.forEach((row, rowIndex) => {
      into[rowIndex] = into[rowIndex] || [];
      let column = 0;
      for (const cell of row.cells) {
        while (into[rowIndex][column] !== undefined) column += 1;
        cell.dataset.column = String(column);
        for (let r = 0; r < cell.rowSpan; r += 1) {
          into[rowIndex + r] = into[rowIndex + r] || [];
          for (let c = 0; c < cell.colSpan; c += 1) into[rowIndex + r][column + c] = cell;
        }
        column += cell.colSpan;
      }
    });
    return into;
  };

  const labelStackedTables = () => {
    for (const table of document.querySelectorAll("table[data-stack='auto']")) {
      const headGrid = spread([...table.querySelectorAll("thead tr")], []);
      const bodyRows = [...table.querySelectorAll("tbody tr")];
      const bodyGrid = spread(bodyRows, []);
      const valueColumns = new Set();
      for (const cell of table.querySelectorAll("tbody td")) valueColumns.add(Number(cell.dataset.column));
      // A heading over every value column (申请人情况) says nothing about one value: left out.
      const coversAll = (cell) => {
        const first = Number(cell.dataset.column);
        return [...valueColumns].every((c) => c >= first && c < first + cell.colSpan);
      };
      const columnLabel = (index) => {
        const parts = [];
        for (const row of headGrid) {
          const cell = row[index];
          const text = cell && !coversAll(cell) ? cell.textContent.trim() : "";
          if (text && !parts.includes(text)) parts.push(text);
        }
        return parts.join(" · ");
      };
      bodyRows.forEach((row, rowIndex) => {
        for (const cell of row.cells) {
          if (cell.tagName === "TD" && !cell.dataset.label) {
            cell.dataset.label = columnLabel(Number(cell.dataset.column));
          }
        }
        // Row headings spanning down from earlier rows would vanish in the stacked view.
        const above = [];
        for (const cell of bodyGrid[rowIndex]) {
          if (cell && cell.tagName === "TH" && cell.parentElement !== row && !above.includes(cell)) {
            above.push(cell);
          }
        }
        if (above.length) row.dataset.context = above.map((cell) => cell.textContent.trim()).join(" · ");
      });
      table.classList.add("is-labelled");
    }
  };

  const collapseFacetsOnPhones = () => {
    const wide = window.matchMedia("(min-width: 801px)");
    const panels = document.querySelectorAll("details[data-facets]");
    const apply = () => {
      for (const panel of panels) panel.open = wide.matches;
    };
    if (panels.length) {
      apply();
      wide.addEventListener("change", apply);
    }
  };

  const ready = () => {
    syncElderButtons();
    labelStackedTables();
    collapseFacetsOnPhones();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
