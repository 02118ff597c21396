// Sets the reader's theme before the first paint, so a dark page never flashes
// light. A file of its own, loaded before the page is drawn: the Content
// Security Policy runs no inline script.
try { var t = localStorage.getItem("prepdeck:theme"); if (t) document.documentElement.dataset.theme = t; } catch (e) {}
