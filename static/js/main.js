/*
 * Progressive enhancement only: the site works fully without this file.
 * Adds a "Copy" button to "How to cite" boxes where the Clipboard API is available.
 */
(function () {
  "use strict";
  if (!navigator.clipboard || !document.querySelectorAll) {
    return;
  }
  document.querySelectorAll("[data-copy-label]").forEach(function (box) {
    var text = box.querySelector(".how-to-cite__text");
    if (!text) {
      return;
    }
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = box.getAttribute("data-copy-label");
    status.setAttribute("role", "status");
    status.className = "copy-status";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.replace(/\s+/g, " ").trim()).then(function () {
        status.textContent = box.getAttribute("data-copied-label") || "";
      });
    });
    box.appendChild(button);
    box.appendChild(status);
  });
})();
