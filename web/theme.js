// Sets the reader's theme before the first paint, so a dark page never flashes
// light. A file of its own, loaded before the page is drawn: the Content
// Security Policy runs no inline script.
try { var t = localStorage.getItem("prepdeck:theme"); if (t) document.documentElement.dataset.theme = t; } catch (e) {}

// MkDocs Material's `document$` (each page load, as an observable), which
// sites' own scripts subscribe to: the KaTeX and MathJax set-ups Material
// documents, table sorting. Here a subscriber runs once the page is parsed,
// after every script of the page (deferred ones too) has loaded.
if (!window.document$) {
  window.document$ = {
    subscribe: function (next) {
      var run = function () { next({ body: document.body }); };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
      return { unsubscribe: function () {} };
    }
  };
}
