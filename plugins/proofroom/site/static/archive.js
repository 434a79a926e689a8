/* Proofroom campaigns index: filters by year, status, tag and channel, without a server.
 *
 * Each campaign card lists its values as space-separated tokens (data-year, data-statuses,
 * data-tags, data-channels); the filter bar is rendered hidden and shown here, so without
 * JavaScript every card stays visible. A filtered view is kept in the URL hash
 * (#year=2025&tags=retail) so it can be shared. No HTML parser is ever given data: only
 * attributes and textContent. Runs on DOMContentLoaded and on each page of Material's
 * instant navigation (document$); initialising twice is a no-op.
 */
(function () {
  "use strict";

  var FILTERS = ["year", "statuses", "tags", "channels"];
  var READY = "data-proofroom-ready";

  var each = window.proofroom.each;

  function tokens(el, name) {
    var value = el.getAttribute("data-" + name) || "";
    return value.split(/\s+/).filter(Boolean);
  }

  /* The chosen value of each filter ("" is every value). */
  function chosen(form) {
    var state = {};
    each(form.querySelectorAll("[data-filter]"), function (input) {
      var name = input.getAttribute("data-filter");
      if (input.type === "radio") {
        if (input.checked) {
          state[name] = input.value;
        }
      } else {
        state[name] = input.value;
      }
    });
    return state;
  }

  function matches(card, state) {
    return FILTERS.every(function (name) {
      var want = state[name];
      return !want || tokens(card, name).indexOf(want) !== -1;
    });
  }

  function setHidden(el, hide) {
    if (el) {
      el.hidden = hide;
    }
  }

  function countText(form, n) {
    var el = form.querySelector('[data-proofroom="archive-count"]');
    if (!el) {
      return;
    }
    var one = el.getAttribute("data-lang") === "fr" ? n < 2 : n === 1;
    var template = el.getAttribute(one ? "data-one" : "data-many") || "{n}";
    el.textContent = template.replace("{n}", String(n));
  }

  function apply(form) {
    var state = chosen(form);
    var shown = {};
    each(document.querySelectorAll(".proofroom-index"), function (section) {
      var anyInSection = false;
      each(section.querySelectorAll("ul.proofroom-grid"), function (grid) {
        var anyInGrid = false;
        each(grid.querySelectorAll("li.proofroom-campaign"), function (card) {
          var ok = matches(card, state);
          card.hidden = !ok;
          if (ok) {
            anyInGrid = true;
            shown[card.getAttribute("data-campaign")] = true;
          }
        });
        grid.hidden = !anyInGrid;
        var heading = grid.previousElementSibling;
        if (heading && heading.classList.contains("proofroom-index__tag")) {
          heading.hidden = !anyInGrid;
        }
        anyInSection = anyInSection || anyInGrid;
      });
      section.hidden = !anyInSection;
      // The year heading is Markdown (it feeds the table of contents), just before.
      var yearHeading = section.previousElementSibling;
      if (yearHeading && yearHeading.tagName === "H2") {
        setHidden(yearHeading, !anyInSection);
      }
    });
    var n = Object.keys(shown).length;
    countText(form, n);
    setHidden(form.querySelector('[data-proofroom="archive-none"]'), n !== 0);
    return state;
  }

  function writeHash(state) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      if (state[name]) {
        params.set(name, state[name]);
      }
    });
    var text = params.toString();
    var url = window.location.pathname + window.location.search + (text ? "#" + text : "");
    if (window.history && typeof window.history.replaceState === "function") {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function readHash(form) {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("=") === -1) {
      return; // an ordinary anchor (a year heading)
    }
    var params = new URLSearchParams(hash);
    each(form.querySelectorAll("[data-filter]"), function (input) {
      var name = input.getAttribute("data-filter");
      var want = params.get(name) || "";
      if (input.type === "radio") {
        input.checked = input.value === want;
      } else if (
        Array.prototype.some.call(input.options, function (o) {
          return o.value === want;
        })
      ) {
        input.value = want;
      }
    });
    // An unknown year leaves no radio checked: fall back to every year.
    var radios = form.querySelectorAll('input[type="radio"][data-filter]');
    if (radios.length && !Array.prototype.some.call(radios, function (r) { return r.checked; })) {
      radios[0].checked = true;
    }
  }

  function initForm(form) {
    if (form.getAttribute(READY) === "true") {
      return;
    }
    form.setAttribute(READY, "true");
    form.addEventListener("change", function () {
      writeHash(apply(form));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      // The reset happens after this event: apply once the controls are back.
      window.setTimeout(function () {
        writeHash(apply(form));
      }, 0);
    });
    readHash(form);
    apply(form);
    form.hidden = false;
  }

  function init() {
    each(document.querySelectorAll('[data-proofroom="archive-filters"]'), initForm);
  }

  window.proofroom.onPage(init);
})();
