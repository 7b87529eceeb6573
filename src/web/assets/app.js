// powtrace serve: every page works without this file. With it, a search
// that takes a moment says so, and is not sent twice.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.search");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.textContent = "Searching\u2026";
      button.setAttribute("aria-disabled", "true");
    }
  });
});
