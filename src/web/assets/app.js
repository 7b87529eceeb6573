// powtrace serve: the site works without this file. With it, the search box
// gets the focus on the search page when it is empty, and the result count
// is announced by screen readers (role=status does that already).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var q = document.getElementById("q");
  if (q && !q.value && !location.hash) {
    q.focus();
  }
});
