// Runs in <head> before the first paint: applies the visitor's remembered 长者模式 (larger type,
// higher contrast) so the page never flashes at the normal size. portal.js wires the switch.
(() => {
  const root = document.documentElement;
  root.classList.add("js");
  try {
    if (window.localStorage.getItem("portal-elder-mode") === "on") root.classList.add("elder-mode");
  } catch (error) {
    // Storage blocked (private mode, policy): the switch still works for this page.
  }
})();
