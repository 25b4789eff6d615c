// Controls that act on the page itself (print, go back), marked with data-action: the
// site's Content-Security-Policy allows no inline handlers or script URLs in the markup.
(function () {
  "use strict";
  const actions = {
    print: () => window.print(),
    back: (control) => {
      if (history.length > 1) history.back();
      else window.location.href = control.href; // opened in a new tab: no page to go back to
    },
  };
  document.addEventListener("click", (event) => {
    const control = event.target.closest("[data-action]");
    const action = control && actions[control.dataset.action];
    if (!action || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    action(control);
  });
})();
