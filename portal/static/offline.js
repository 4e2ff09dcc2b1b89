/* Kring: keeps the "what do I do now?" page working without a connection on this device.
 * Only that page asks for it (data-offline-worker and data-offline-scope on its content); without
 * JavaScript, or in a browser without service workers, it is simply the normal page. */
(function () {
  "use strict";
  var page = document.querySelector("[data-offline-worker]");
  if (!page || !("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.register(page.getAttribute("data-offline-worker"), {
    scope: page.getAttribute("data-offline-scope")
  }).then(function () {
    var note = document.getElementById("offline-ready");
    if (note) {
      note.hidden = false;
    }
  }).catch(function () {
    /* No copy on this device: the page still works with a connection. */
  });
}());
