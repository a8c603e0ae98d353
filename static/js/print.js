// Show the "Print this page" button (it needs JavaScript) and print when pressed.
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
