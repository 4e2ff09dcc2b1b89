// The share block (templates/_share.html), as an addition: a copy button, and the phone's share
// sheet where the browser has one. Without JavaScript both stay hidden; the text and the
// WhatsApp link work on their own.
(function () {
  "use strict";
  function textOf(id) {
    var field = document.getElementById(id);
    return field ? field.value : "";
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(textOf(button.dataset.copy)).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({text: textOf(button.dataset.share)}).catch(function () {});
    });
  });
}());
