/* Proofroom private sites: the helper every decrypted page loads (s/guest.js).
 *
 * A browser may stop the service worker (s/sw.js) at any time, and its memory goes with
 * it. When the restarted worker meets a request for a share it no longer holds, it asks the
 * page that made the request, over a MessageChannel: {type: "proofroom:need-bundle"}.
 * This script answers: it reads the bundle key B the loader kept in sessionStorage (this
 * tab only), fetches the share's bundle (../bundle), decrypts and gunzips it, and answers
 * {type: "proofroom:bundle", share, pages: [html], media} (the loader's message), or
 * {type: "proofroom:no-bundle"} when it cannot (no key in this tab, bundle gone, expired).
 *
 * It also makes download links to media files save the decrypted file (see below).
 * Nothing visible, nothing on the console: every promise is caught.
 */
(function () {
  "use strict";

  var HEADER = 21; // "PRS1" ‖ flags ‖ iterations ‖ nonce
  var SHARE_ID = /^[a-z0-9]{8,32}$/;
  var KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;
  var STORE = "proofroom:bundle-key:"; // + share id, as the loader writes it

  var container = navigator.serviceWorker;
  if (!container || !window.crypto || !crypto.subtle || !window.DecompressionStream) {
    return;
  }

  function fromBase64url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  /* This page's share: s/<share id>/<n>/. */
  function shareId() {
    var parts = location.pathname.split("/");
    var id = parts.length >= 3 ? parts[parts.length - 3] : "";
    return SHARE_ID.test(id) ? id : null;
  }

  function storedKey(id) {
    var text = sessionStorage.getItem(STORE + id) || "";
    return KEY_TEXT.test(text) ? fromBase64url(text) : null;
  }

  async function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function bundle(id, key) {
    var response = await fetch("../bundle", { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) {
      return null;
    }
    var data = new Uint8Array(await response.arrayBuffer());
    var aad = new Uint8Array(9 + id.length);
    aad.set(data.subarray(0, 9), 0);
    aad.set(new TextEncoder().encode(id), 9);
    var aes = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["decrypt"]);
    var params = { name: "AES-GCM", iv: data.subarray(9, HEADER), additionalData: aad };
    var plain = await crypto.subtle.decrypt(params, aes, data.subarray(HEADER));
    var text = new TextDecoder("utf-8", { fatal: true }).decode(await gunzip(plain));
    return JSON.parse(text);
  }

  /* The answer to need-bundle: the loader's message, or null. */
  async function answer() {
    var id = shareId();
    var key = id ? storedKey(id) : null;
    var opened = key ? await bundle(id, key) : null;
    var share = opened && opened.share;
    if (!share || share.id !== id || !Array.isArray(opened.pages)) {
      return null;
    }
    var end = share.expires_at ? Date.parse(share.expires_at) : null;
    if (end !== null && !(end > Date.now())) {
      return null;
    }
    var pages = opened.pages.map(function (page) {
      return page && typeof page.html === "string" ? page.html : "";
    });
    var media = opened.media || {};
    return { type: "proofroom:bundle", share: id, pages: pages, media: media, expires: end };
  }

  container.addEventListener("message", function (event) {
    var port = event.ports && event.ports[0];
    if (!port || !event.data || event.data.type !== "proofroom:need-bundle") {
      return;
    }
    answer()
      .catch(function () {
        return null;
      })
      .then(function (message) {
        port.postMessage(message || { type: "proofroom:no-bundle" });
        port.close();
      });
  });
  container.startMessages();

  /* A download link to a media file: a browser fetches <a download> from the network, past
     the worker, which would save the sealed bytes; so the click becomes a navigation to
     the file with ?download=<name>, which the worker answers as an attachment. */
  var MEDIA_PATH = /\/s\/m\/[0-9a-f]{32}$/;
  document.addEventListener("click", function (event) {
    var plain = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey;
    var target = event.target && event.target.closest ? event.target : null;
    var link = plain && !event.defaultPrevented && target && target.closest("a[download][href]");
    var url = link ? new URL(link.href, location.href) : null;
    if (!url || url.origin !== location.origin || !MEDIA_PATH.test(url.pathname)) {
      return;
    }
    event.preventDefault();
    url.search = "?download=" + encodeURIComponent(link.getAttribute("download") || "");
    location.assign(url.href);
  });
})();
