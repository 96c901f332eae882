// Submission forms: one click sends once. The server also refuses duplicates; this only spares a wait.
(function () {
  "use strict";
  document.querySelectorAll("form[data-submission-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-submit-once]");
      if (button) {
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        }, 0);
      }
    });
  });
  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
})();
