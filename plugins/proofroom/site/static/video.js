/* Proofroom review pages: videos. Two parts:
 *
 * - the timeline under the player (data-proofroom="timeline"): a click on a marker
 *   (data-proofroom="time-marker", data-time in seconds) or on a comment's time in the list
 *   (data-proofroom-seek) moves the player of that version there, and lights the comment
 *   up like a mark on a picture (by focusing the marker: proofroom.js does the rest); a
 *   playhead follows the player; markers the page could not place (length unknown at
 *   build time) are placed once the player knows the length;
 * - "play both" in the comparison (data-proofroom-play-both): the two videos play, pause
 *   and seek together, and a drift between them is corrected while they play.
 *
 * Without this script markers and times are plain links between the timeline and the
 * comments, and each video of the comparison plays on its own. Data only ever goes
 * through setAttribute, style and textContent. Runs on each page of Material's instant
 * navigation (proofroom.js onPage); initialising twice is a no-op.
 */
(function () {
  "use strict";

  var each = window.proofroom.each;
  var TOLERANCE = 0.25; // seconds two synced videos may drift apart before one is moved

  function seconds(el, name) {
    var value = parseFloat(el.getAttribute(name));
    return isFinite(value) && value >= 0 ? value : null;
  }

  function fraction(time, duration) {
    return Math.max(0, Math.min(1, time / duration));
  }

  function percent(value) {
    return (Math.round(value * 10000) / 100).toString() + "%";
  }

  /* ------------------------------------------------------------ the timeline */

  function viewerOf(version) {
    var found = null;
    each(document.querySelectorAll('[data-proofroom="viewer"]'), function (viewer) {
      if (!found && viewer.getAttribute("data-version") === version) {
        found = viewer;
      }
    });
    return found;
  }

  /* Move a player to a time; a time past the end stops at the end. */
  function seek(video, time) {
    var end = isFinite(video.duration) ? video.duration : Infinity;
    video.currentTime = Math.max(0, Math.min(time, end));
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button > 0 || event.ctrlKey || event.metaKey) {
      return; // a new tab, or someone else's
    }
    var target = event.target && event.target.closest ? event.target : null;
    var marker = target && target.closest('[data-proofroom="time-marker"]');
    var link = !marker && target && target.closest("[data-proofroom-seek]");
    if (!marker && !link) {
      return;
    }
    var el = marker || link;
    var version = el.getAttribute("data-version");
    var viewer = viewerOf(version);
    var video = viewer && viewer.querySelector("video");
    var time = seconds(el, marker ? "data-time" : "data-proofroom-seek");
    if (!video || time === null) {
      return; // no player of that version on the page: the link does its job
    }
    event.preventDefault();
    seek(video, time);
    if (link) {
      // From the list: bring the player into view, then light the comment's marker.
      viewer.scrollIntoView({ block: "center" });
      marker = document.getElementById((link.getAttribute("href") || "#").slice(1));
    }
    if (marker) {
      marker.focus({ preventScroll: !!link });
    }
  }

  function placeMarkers(timeline, duration) {
    each(timeline.querySelectorAll('[data-proofroom="time-marker"]'), function (marker) {
      var time = seconds(marker, "data-time");
      if (time === null || marker.style.left) {
        return;
      }
      marker.style.left = percent(fraction(time, duration));
      if (time > duration) {
        marker.setAttribute("data-clamped", "true");
        marker.classList.add("proofroom-timeline__marker--clamped");
      }
    });
    timeline.classList.remove("proofroom-timeline--unplaced");
  }

  function initTimeline(timeline) {
    if (timeline.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    var viewer = viewerOf(timeline.getAttribute("data-version"));
    var video = viewer && viewer.querySelector("video");
    if (!video) {
      return;
    }
    timeline.setAttribute("data-proofroom-ready", "true");

    function known() {
      var built = seconds(timeline, "data-duration");
      return built || (isFinite(video.duration) && video.duration > 0 ? video.duration : null);
    }

    function update() {
      var duration = known();
      if (!duration) {
        return;
      }
      if (!timeline.hasAttribute("data-duration")) {
        placeMarkers(timeline, duration);
      }
      timeline.style.setProperty(
        "--proofroom-playhead",
        String(fraction(video.currentTime || 0, duration) * 100)
      );
      timeline.setAttribute("data-playing", video.paused ? "false" : "true");
    }

    ["loadedmetadata", "durationchange", "timeupdate", "seeked", "play", "pause"].forEach(
      function (name) {
        video.addEventListener(name, update);
      }
    );
    update();
  }

  /* ------------------------------------------------------------ play both */

  function follow(source, target) {
    var time = source.currentTime;
    if (isFinite(target.duration) && time > target.duration) {
      return; // the other one is shorter: it stays at its end
    }
    if (Math.abs(target.currentTime - time) > TOLERANCE) {
      target.currentTime = time;
    }
  }

  function play(video) {
    var started = video.play();
    if (started && typeof started.catch === "function") {
      started.catch(function () {
        // refused (no data, or the browser's autoplay rules): the button stays "play"
      });
    }
  }

  function initSync(root) {
    var button = root.querySelector("[data-proofroom-play-both]");
    if (!button || button.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    var videos = root.querySelectorAll(".proofroom-compare__pane video");
    if (videos.length !== 2) {
      return;
    }
    button.setAttribute("data-proofroom-ready", "true");
    var a = videos[0];
    var b = videos[1];

    function label() {
      var playing = !a.paused || !b.paused;
      button.textContent = button.getAttribute(playing ? "data-pause-label" : "data-play-label");
      button.setAttribute("aria-pressed", playing ? "true" : "false");
    }

    function bind(self, other) {
      self.addEventListener("play", function () {
        if (other.paused) {
          follow(self, other);
          play(other);
        }
        label();
      });
      self.addEventListener("pause", function () {
        if (!other.paused) {
          other.pause();
        }
        label();
      });
      self.addEventListener("seeking", function () {
        follow(self, other);
      });
      self.addEventListener("emptied", label); // a select chose another version
    }
    bind(a, b);
    bind(b, a);
    a.addEventListener("timeupdate", function () {
      if (!a.paused && !b.paused && !a.seeking && !b.seeking) {
        follow(a, b); // the left one leads: the right one catches up when it drifts
      }
    });

    button.addEventListener("click", function () {
      if (a.paused && b.paused) {
        follow(a, b);
        play(a);
        play(b);
      } else {
        a.pause();
        b.pause();
      }
    });
    each(root.querySelectorAll("[data-proofroom-sync]"), function (box) {
      box.hidden = false;
    });
    label();
  }

  /* ------------------------------------------------------------ init */

  var delegated = false;
  function init() {
    if (!delegated) {
      delegated = true; // on the document: survives Material's instant navigation
      document.addEventListener("click", onClick);
    }
    each(document.querySelectorAll('[data-proofroom="timeline"]'), initTimeline);
    each(document.querySelectorAll('[data-proofroom="compare"]'), initSync);
  }

  window.proofroom.onPage(init);
})();
