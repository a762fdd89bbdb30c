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
  const labelStackedTables = () => {
    for (const table of document.querySelectorAll("table[data-stack='auto']")) {
      const headGrid = [];
      table.querySelectorAll("thead tr").forEach((row, rowIndex) => {
        headGrid[rowIndex] = headGrid[rowIndex] || [];
        let column = 0;
        for (const cell of row.cells) {
          while (headGrid[rowIndex][column] !== undefined) column += 1;
          for (let r = 0; r < cell.rowSpan; r += 1) {
            headGrid[rowIndex + r] = headGrid[rowIndex + r] || [];
            for (let c = 0; c < cell.colSpan; c += 1) headGrid[rowIndex + r][column + c] = cell;
          }
          column += cell.colSpan;
        }
      });
      const columnLabel = (index) => {
        const parts = [];
        for (const row of headGrid) {
          const cell = row[index];
          const text = cell ? cell.textContent.trim() : "";
          if (text && !parts.includes(text)) parts.push(text);
        }
        return parts.join(" · ");
      };
      const bodyGrid = [];
      table.querySelectorAll("tbody tr").forEach((row, rowIndex) => {
        bodyGrid[rowIndex] = bodyGrid[rowIndex] || [];
        let column = 0;
        const rowHeads = [];
        for (let c = 0; bodyGrid[rowIndex][c] !== undefined; c += 1) {
          const spanning = bodyGrid[rowIndex][c];
          if (spanning.tagName === "TH") rowHeads.push(spanning.textContent.trim());
        }
        for (const cell of row.cells) {
          while (bodyGrid[rowIndex][column] !== undefined) column += 1;
          for (let r = 0; r < cell.rowSpan; r += 1) {
            bodyGrid[rowIndex + r] = bodyGrid[rowIndex + r] || [];
            for (let c = 0; c < cell.colSpan; c += 1) bodyGrid[rowIndex + r][column + c] = cell;
          }
          if (cell.tagName === "TD" && !cell.dataset.label) cell.dataset.label = columnLabel(column);
          column += cell.colSpan;
        }
        // Row headers spanning down from earlier rows would vanish in the stacked view.
        if (rowHeads.length) row.dataset.context = rowHeads.join(" · ");
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
