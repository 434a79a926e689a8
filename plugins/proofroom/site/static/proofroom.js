/* Proofroom review pages: the version comparison, comments and their marks.
 *
 * No dependencies. Data only ever goes through setAttribute and textContent (never an
 * HTML parser), so file names and commit messages stay text. Runs on DOMContentLoaded and
 * on each page of Material's instant navigation (document$); initialising twice is a no-op.
 */
(function () {
  "use strict";

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function paneFor(root, side) {
    var panes = root.querySelectorAll(".proofroom-compare__pane");
    for (var i = 0; i < panes.length; i++) {
      if (panes[i].getAttribute("data-side") === side) {
        return panes[i];
      }
    }
    return null;
  }

  function setOrRemove(el, name, value) {
    if (value) {
      el.setAttribute(name, value);
    } else {
      el.removeAttribute(name);
    }
  }

  /* Show the option chosen in one select in the pane of the same side. */
  function show(root, select) {
    var option = select.options[select.selectedIndex];
    var pane = paneFor(root, select.getAttribute("data-proofroom-side"));
    if (!option || !pane) {
      return;
    }
    var img = pane.querySelector("img");
    var caption = pane.querySelector("figcaption");
    var label = option.getAttribute("data-label") || option.textContent;
    if (img) {
      var base = root.getAttribute("data-alt") || "";
      img.setAttribute("src", option.getAttribute("data-display") || "");
      img.setAttribute("alt", base ? base + " (" + label + ")" : label);
      setOrRemove(img, "width", option.getAttribute("data-width"));
      setOrRemove(img, "height", option.getAttribute("data-height"));
    }
    if (caption) {
      caption.textContent = label;
    }
    pane.setAttribute("data-version", option.value);
  }

  function initCompare(root) {
    if (root.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    root.setAttribute("data-proofroom-ready", "true");
    each(root.querySelectorAll("select[data-proofroom-side]"), function (select) {
      // A restored form (back button) may differ from the server default: resync.
      show(root, select);
      select.addEventListener("change", function () {
        show(root, select);
      });
    });
  }

  /* A comment and its marks (over the viewer and over its version) share data-version and
     data-comment: hovering or focusing one lights them all up. */
  var ACTIVE = "proofroom-is-active";

  function commentOf(target) {
    var el = target && target.closest ? target.closest("[data-comment][data-version]") : null;
    if (!el) {
      return null;
    }
    var isMark = el.getAttribute("data-proofroom") === "annotation";
    return isMark || el.classList.contains("proofroom-comment") ? el : null;
  }

  function light(el, on) {
    var version = el.getAttribute("data-version");
    var number = el.getAttribute("data-comment");
    each(document.querySelectorAll("[data-comment][data-version]"), function (other) {
      if (
        other.getAttribute("data-version") === version &&
        other.getAttribute("data-comment") === number
      ) {
        other.classList.toggle(ACTIVE, on);
      }
    });
  }

  function onEnter(event) {
    var el = commentOf(event.target);
    if (el) {
      light(el, true);
    }
  }

  function onLeave(event) {
    var el = commentOf(event.target);
    // Moving inside the same comment (text to badge) keeps it lit.
    if (el && commentOf(event.relatedTarget) !== el) {
      light(el, false);
    }
  }

  var delegated = false;
  function initAnnotations() {
    // Listeners on the document survive Material's instant navigation: bind them once.
    if (delegated) {
      return;
    }
    delegated = true;
    document.addEventListener("mouseover", onEnter);
    document.addEventListener("mouseout", onLeave);
    document.addEventListener("focusin", onEnter);
    document.addEventListener("focusout", onLeave);
  }

  function init() {
    each(document.querySelectorAll('[data-proofroom="compare"]'), initCompare);
    initAnnotations();
  }

  var subscribed = false;
  function subscribe() {
    if (!subscribed && window.document$ && typeof window.document$.subscribe === "function") {
      subscribed = true;
      window.document$.subscribe(init);
    }
  }

  subscribe();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      subscribe();
      init();
    });
  } else {
    init();
  }
})();
