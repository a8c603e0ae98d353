// "Copy the link" buttons: shown only where the clipboard can be written; say when it is done.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var id = button.getAttribute("data-copy");
    var box = document.getElementById(id);
    var status = document.querySelector('[data-copied="' + id + '"]');
    if (!box) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(box.value).then(function () {
        if (status) { status.textContent = "Copied."; }
      }, function () {
        box.select();
        if (status) { status.textContent = "Select the link and copy it."; }
      });
    });
  });
})();
