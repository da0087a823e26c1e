/*
 * Baken - the searchable checkbox list of the plan form (data-picker).
 * Without this file every checkbox shows; with it a search field filters the
 * list as you type. Checked items always stay visible, so a choice never
 * disappears from view. Keyboard: type to filter (Enter does not submit the
 * form), arrow down to the first match, arrow up/down between the visible
 * checkboxes, space to check, arrow up from the first one back to the search
 * field; Tab leaves the list as usual.
 */
(function () {
  "use strict";

  function setup(picker) {
    var search = picker.querySelector("[data-picker-search]");
    var input = picker.querySelector("[data-picker-filter]");
    var status = picker.querySelector("[data-picker-status]");
    if (!search || !input) {
      return;
    }
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-item]"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-group]"));
    search.hidden = false;

    function boxes() {
      return items.filter(function (item) { return !item.hidden; }).map(function (item) {
        return item.querySelector("input");
      });
    }

    function count() {
      var shown = 0, checked = 0;
      items.forEach(function (item) {
        if (!item.hidden) {
          shown++;
        }
        if (item.querySelector("input").checked) {
          checked++;
        }
      });
      var text = checked + " gekozen";
      if (input.value.trim() !== "") {
        text = shown + " van " + items.length + " getoond, " + text;
      }
      status.textContent = text;
    }

    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        item.hidden = !(match || item.querySelector("input").checked);
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("[data-picker-item]:not([hidden])");
      });
      count();
    }

    input.addEventListener("input", filter);
    // Enter in the search field would submit the whole form.
    input.addEventListener("keypress", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        var first = boxes()[0];
        if (first) {
          first.focus();
        }
      }
    });
    picker.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!(target instanceof HTMLInputElement) || target.type !== "checkbox") {
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
        return;
      }
      event.preventDefault();
      var list = boxes();
      var i = list.indexOf(target) + (event.key === "ArrowDown" ? 1 : -1);
      if (i < 0) {
        input.focus();
      } else if (i < list.length) {
        list[i].focus();
      }
    });
    picker.addEventListener("change", count);
    filter();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setup);
})();
