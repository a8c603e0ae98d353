// Open the search filters on a wide screen, where they sit beside the results; a phone keeps
// them closed behind "Filters (n)" so the results come first. Without JavaScript they stay closed.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(min-width: 60em)").matches) {
    filters.open = true;
  }
})();
