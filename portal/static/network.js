// The sociogram's placing form, with dragging added: each name is shown in its circle and can be
// dragged to another one, which picks that circle in the form and saves it. Without this script
// (or without a mouse) the form's own choices do the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-placement]");
  if (!form) { return; }
  var zones = form.querySelector(".drop-zones");
  zones.hidden = false;

  function zoneFor(circle) {
    return zones.querySelector('.drop-zone[data-circle="' + circle + '"] ul');
  }

  form.querySelectorAll("fieldset.placement").forEach(function (fieldset) {
    var checked = fieldset.querySelector("input:checked");
    var chip = document.createElement("li");
    chip.className = "chip";
    chip.draggable = true;
    chip.textContent = fieldset.dataset.name;
    chip.dataset.person = fieldset.dataset.person;
    chip.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", chip.dataset.person);
      event.dataTransfer.effectAllowed = "move";
    });
    zoneFor(checked ? checked.value : "0").appendChild(chip);
  });

  zones.querySelectorAll(".drop-zone").forEach(function (zone) {
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("drop-here");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("drop-here"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("drop-here");
      var person = event.dataTransfer.getData("text/plain");
      var radio = form.querySelector('fieldset[data-person="' + person + '"] input[value="' + zone.dataset.circle + '"]');
      if (!radio) { return; }
      radio.checked = true;
      zone.querySelector("ul").appendChild(zones.querySelector('.chip[data-person="' + person + '"]'));
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  });
}());
