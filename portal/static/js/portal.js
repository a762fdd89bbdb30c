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
    collapseFacetsOnPhones();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
