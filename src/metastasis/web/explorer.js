/* Static explorers (metastasis.explorer.static): show the pre-computed frame that matches the
 * controls. Every combination of the controls' values has one frame; the frame's index is the
 * mixed-radix number of the controls' positions, first control slowest. No dependencies. */
(function () {
  "use strict";
  function show(figure) {
    var sizes = JSON.parse(figure.dataset.sizes || "[]");
    var controls = figure.querySelectorAll("[data-control]");
    var index = 0;
    controls.forEach(function (control) {
      var k = Number(control.dataset.control);
      index = index * sizes[k] + Number(control.value);
      if (control.type === "range") {
        var label = JSON.parse(control.dataset.labels)[Number(control.value)];
        control.setAttribute("aria-valuetext", label);
        var out = figure.querySelector('output[for="' + control.id + '"]');
        if (out) out.textContent = label;
      }
    });
    figure.querySelectorAll("img.mx-frame").forEach(function (img) {
      img.hidden = Number(img.dataset.index) !== index;
    });
  }
  function onChange(event) {
    var control = event.target.closest && event.target.closest(".mx-explorer [data-control]");
    if (control) show(control.closest(".mx-explorer"));
  }
  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
  // A restored form state (the back button) must show its own frame.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("figure.mx-explorer").forEach(show);
  });
})();
