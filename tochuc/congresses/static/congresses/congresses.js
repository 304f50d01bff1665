// Congress pages. No inline script (CSP): behaviour hangs on data attributes.
(function () {
  "use strict";
  function focusDesk() {
    var q = document.getElementById("q");
    if (q && q.dataset.autofocus !== undefined) { q.focus(); q.select(); }
  }
  document.addEventListener("DOMContentLoaded", focusDesk);
  document.addEventListener("htmx:afterSwap", focusDesk);

  // Camera scan of the QR code on a delegate card, where the browser has BarcodeDetector; a USB
  // or Bluetooth scanner needs nothing: it types the code into the field and presses Enter.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scan]");
    if (!button) return;
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
      button.textContent = button.dataset.unsupported; return;
    }
    var video = document.getElementById("scan-video");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            var q = document.getElementById("q");
            q.value = codes[0].rawValue;
            q.form.requestSubmit();
          } else { requestAnimationFrame(tick); }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    });
  });

  // Ballot entry: tick or untick every name at once.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tick-all]");
    if (!button) return;
    var on = button.dataset.tickAll === "1";
    document.querySelectorAll(".ballot input[type=checkbox]").forEach(function (box) { box.checked = on; });
  });
})();
