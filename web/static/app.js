/*
 * Baken - small progressive enhancements. Everything works without this
 * file; load it with <script src="/static/app.js" defer></script>.
 *
 * 1. <form data-confirm="Weet u het zeker?"> asks for confirmation before
 *    submitting. A submit button may carry its own data-confirm, which takes
 *    precedence (e.g. a "Verwijderen" button in a form with other buttons).
 * 2. <select data-autosubmit> (or any form control with data-autosubmit)
 *    submits its form when its value changes. Keep a normal submit button in
 *    the form for users without JavaScript.
 * 3. <input type="checkbox" data-select-all="FORMID"> ticks or clears every
 *    checkbox that belongs to that form (form="FORMID" or inside it). It sits
 *    in an element with data-select-all-wrap and the hidden attribute, which
 *    this file removes: without JavaScript the user ticks the rows.
 * 4. After a failed submit the page carries an error summary (or, without
 *    field errors, the form's message): focus moves there, so keyboard and
 *    screen reader users start at what went wrong (WCAG 3.3.1, 2.4.3). The
 *    element has tabindex="-1"; without JavaScript role="alert" announces it.
 * 5. <td data-level-colour="#rrggbb"> (risk matrix and heatmap cells) gets
 *    a bar in its level's colour at the left. The colours are data and the
 *    CSP forbids style attributes, so the bar is set here through the CSSOM;
 *    the level's name is in the cell, so without it nothing is lost.
 * 6. <button data-copy="ID"> copies the text of the element ID (a readonly
 *    textarea) to the clipboard and writes its data-copied message into the
 *    [data-copy-status] next to it. The button sits in a hidden
 *    [data-copy-wrap], shown here: without JavaScript the user selects the
 *    text in the textarea and copies it.
 */
(function () {
  "use strict";

  // Capture phase, so a cancelled confirm also stops htmx (hx-post forms).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var submitter = event.submitter;
      var message =
        (submitter && submitter.getAttribute("data-confirm")) ||
        form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!(control instanceof Element) || !control.hasAttribute("data-autosubmit")) {
      return;
    }
    var form = control.form || control.closest("form");
    if (!form) {
      return;
    }
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(); // fires "submit" (and htmx), runs validation
    } else {
      form.submit();
    }
  });

  function selectAllBoxes(formId) {
    var form = document.getElementById(formId);
    if (!form) {
      return [];
    }
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && !el.hasAttribute("data-select-all");
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-select-all")) {
      return;
    }
    selectAllBoxes(box.getAttribute("data-select-all")).forEach(function (el) {
      el.checked = box.checked;
    });
  });

  function onReady() {
    document.querySelectorAll("[data-select-all-wrap][hidden]").forEach(function (el) {
      el.hidden = false;
    });
    document.querySelectorAll("[data-level-colour]").forEach(function (el) {
      var colour = el.getAttribute("data-level-colour");
      if (/^#[0-9a-fA-F]{6}$/.test(colour)) {
        el.style.borderLeft = "0.5rem solid " + colour;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }

  var problem =
    document.getElementById("error-summary") ||
    document.getElementById("form-message");
  if (problem) {
    problem.focus();
  }
})();

(function () {
  "use strict";

  function onReady() {
    document.querySelectorAll("[data-copy-wrap][hidden]").forEach(function (el) {
      el.hidden = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var status = button.parentElement && button.parentElement.querySelector("[data-copy-status]");
    var done = function () {
      if (status) {
        status.textContent = button.getAttribute("data-copied") || "Gekopieerd.";
      }
    };
    var text = source.value !== undefined ? source.value : source.textContent;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        source.select();
        document.execCommand("copy");
        done();
      });
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });
})();
