/* Proofroom review pages: comments and their marks (the comparison is compare.js).
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

  /* A new element with its class: text goes in through textContent, never markup. */
  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    return node;
  }

  /* A comment and its marks (over the viewer and over its version) share data-version and
     data-comment: hovering or focusing one lights them all up. */
  var ACTIVE = "proofroom-is-active";

  function commentOf(target) {
    var el = target && target.closest ? target.closest("[data-comment][data-version]") : null;
    if (!el) {
      return null;
    }
    var hook = el.getAttribute("data-proofroom");
    var isMark = hook === "annotation" || hook === "time-marker"; // on a picture, on a timeline
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

  function sameComment(a, b) {
    return (
      !!a &&
      !!b &&
      a.getAttribute("data-version") === b.getAttribute("data-version") &&
      a.getAttribute("data-comment") === b.getAttribute("data-comment")
    );
  }

  function onLeave(event) {
    var el = commentOf(event.target);
    // Moving inside the same comment (text to badge, comment to its mark) keeps it lit,
    // and so does the mouse leaving a comment whose mark still has the focus.
    if (!el || sameComment(el, commentOf(event.relatedTarget))) {
      return;
    }
    if (event.type === "mouseout" && sameComment(el, commentOf(document.activeElement))) {
      return;
    }
    light(el, false);
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
    initAnnotations();
  }

  /* Run init on this page and on each page of Material's instant navigation (document$,
     which Material's bundle defines before the site's own scripts run). Shared, with
     each and el, by the scripts that load after this file. */
  function onPage(init) {
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
  }

  window.proofroom = { each: each, el: el, onPage: onPage };
  onPage(init);
})();
