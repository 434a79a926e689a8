/* Proofroom private sites: the loader of a review link (s/<share id>/, script s/loader.js).
 *
 * The link's fragment holds the share's key L (32 bytes, base64url). The loader fetches
 * the share's sealed bundle ("bundle", next to the page), asks for the passphrase when the
 * bundle's header says so, derives the bundle key B with WebCrypto (HKDF-SHA256 of L, or
 * L ‖ P where P = PBKDF2-SHA256 of the passphrase), decrypts (AES-GCM), gunzips
 * (DecompressionStream) and reads the JSON; then it registers the service worker (s/sw.js,
 * scope s/), hands it the pages and the media keys, keeps B in sessionStorage (this tab
 * only: guest.js reads it back when a restarted worker asks) and goes to page 0. Opened
 * again without a fragment (a restarted worker sends a navigation here with ?p=<n>), it
 * uses B from sessionStorage and goes to page n.
 *
 * Any failure shows one sentence and nothing else, and nothing reaches the console: every
 * promise is caught. The formats are described on the architecture page ("Private sites
 * and guest links"); core/sealing.py writes them.
 */
(function () {
  "use strict";

  var TEXT = {
    en: {
      refused:
        "This review link cannot be opened: it is incomplete, expired or revoked. " +
        "Ask the person who sent it for a new one.",
      insecure: "This review link only opens over https: open it from its https:// address.",
      label: "Passphrase",
      open: "Open",
      ask: "This review is protected by a passphrase.",
      wrong: "This passphrase does not open the review; try again.",
      opening: "Opening…",
    },
    fr: {
      refused:
        "Ce lien de revue ne peut pas être ouvert : il est incomplet, expiré ou révoqué. " +
        "Demandez-en un nouveau à la personne qui vous l’a envoyé.",
      insecure:
        "Ce lien de revue ne s’ouvre qu’en https : ouvrez-le depuis son adresse https://.",
      label: "Phrase secrète",
      open: "Ouvrir",
      ask: "Cette revue est protégée par une phrase secrète.",
      wrong: "Cette phrase secrète n’ouvre pas la revue ; réessayez.",
      opening: "Ouverture…",
    },
  };
  var MAGIC = "PRS1";
  var HEADER = 21; // magic (4) ‖ flags (1) ‖ iterations (4) ‖ nonce (12)
  var MAX_ITERATIONS = 10000000; // a header asking more would freeze the tab
  var SHARE_ID = /^[a-z0-9]{8,32}$/;
  var KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;
  var STORE = "proofroom:bundle-key:"; // + share id; the value is B, base64url

  var encoder = new TextEncoder();

  function words() {
    var code = (document.documentElement.lang || "en").toLowerCase().split(/[-_]/)[0];
    return TEXT[code] || TEXT.en;
  }

  /* Refusal: a failure of any kind, told the same way (which one is nobody's business). */
  function Refused() {}

  /* ------------------------------------------------------------ the page */

  function show(nodes) {
    var body = document.body;
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    nodes.forEach(function (node) {
      body.appendChild(node);
    });
  }

  function sentence(text) {
    var p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = text;
    return p;
  }

  function refuse(text) {
    show([sentence(text)]);
  }

  /* The passphrase form; resolves with what was typed, each time it is sent. */
  function askPassphrase(message) {
    return new Promise(function (resolve) {
      var t = words();
      var form = document.createElement("form");
      var intro = document.createElement("p");
      intro.textContent = message || t.ask;
      if (message) {
        intro.setAttribute("role", "alert");
      }
      var label = document.createElement("label");
      label.textContent = t.label + " ";
      var input = document.createElement("input");
      input.type = "password";
      input.name = "passphrase";
      input.required = true;
      input.autocomplete = "off";
      label.appendChild(input);
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = t.open;
      form.appendChild(intro);
      form.appendChild(label);
      form.appendChild(button);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        resolve(input.value);
      });
      show([form]);
      input.focus();
    });
  }

  /* ------------------------------------------------------------ bytes and keys */

  function fromBase64url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function toBase64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /* A 32-byte key written as base64url without padding, or null. */
  function keyOf(text) {
    if (!KEY_TEXT.test(text)) {
      return null;
    }
    var bytes = fromBase64url(text);
    return bytes.length === 32 && toBase64url(bytes) === text ? bytes : null;
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  async function passphraseKey(passphrase, shareId, iterations) {
    var raw = encoder.encode(passphrase.normalize("NFC"));
    var base = await crypto.subtle.importKey("raw", raw, "PBKDF2", false, ["deriveBits"]);
    var salt = encoder.encode("proofroom/v1/passphrase/" + shareId);
    var params = { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations };
    return new Uint8Array(await crypto.subtle.deriveBits(params, base, 256));
  }

  async function bundleKey(link, shareId, passphrase) {
    var ikm = passphrase ? concat(link, passphrase) : link;
    var base = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
    var info = encoder.encode("proofroom/v1/bundle/" + shareId);
    var params = { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: info };
    return new Uint8Array(await crypto.subtle.deriveBits(params, base, 256));
  }

  /* ------------------------------------------------------------ the bundle */

  function header(data) {
    var magic = String.fromCharCode.apply(null, data.subarray(0, 4));
    if (data.length < HEADER + 16 || magic !== MAGIC) {
      throw new Refused();
    }
    var flags = data[4];
    var iterations = new DataView(data.buffer, data.byteOffset + 5, 4).getUint32(0);
    if (flags & ~1) {
      throw new Refused(); // a later format
    }
    var passphrase = (flags & 1) === 1;
    if (passphrase && (iterations < 1 || iterations > MAX_ITERATIONS)) {
      throw new Refused();
    }
    return { passphrase: passphrase, iterations: iterations };
  }

  async function fetchBundle() {
    var response = await fetch("bundle", { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) {
      throw new Refused();
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  async function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /* The bundle's JSON, or a Refused when B does not open it. */
  async function openBundle(key, shareId, data) {
    var aes = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["decrypt"]);
    var aad = concat(data.subarray(0, 9), encoder.encode(shareId));
    var params = { name: "AES-GCM", iv: data.subarray(9, HEADER), additionalData: aad };
    var plain;
    try {
      plain = new Uint8Array(await crypto.subtle.decrypt(params, aes, data.subarray(HEADER)));
    } catch (e) {
      throw new Refused();
    }
    var text = new TextDecoder("utf-8", { fatal: true }).decode(await gunzip(plain));
    return JSON.parse(text);
  }

  /* What the worker needs, after the checks the bundle must pass; else a Refused. */
  function checked(bundle, shareId) {
    var share = bundle && bundle.share;
    if (!share || bundle.v !== 1 || share.id !== shareId || !Array.isArray(bundle.pages)) {
      throw new Refused();
    }
    var end = null;
    if (share.expires_at !== null && share.expires_at !== undefined) {
      end = Date.parse(share.expires_at);
      if (!(end > Date.now())) {
        throw new Refused(); // expired, or a date that does not read
      }
    }
    var pages = bundle.pages.map(function (page) {
      if (!page || typeof page.html !== "string") {
        throw new Refused();
      }
      return page.html;
    });
    if (!pages.length || !bundle.media || typeof bundle.media !== "object") {
      throw new Refused();
    }
    return {
      type: "proofroom:bundle",
      share: shareId,
      pages: pages,
      media: bundle.media,
      expires: end,
    };
  }

  /* B from the link's key, asking for the passphrase (again) until it opens the bundle. */
  async function openWithLink(link, shareId, data) {
    var head = header(data);
    if (!head.passphrase) {
      var key = await bundleKey(link, shareId, null);
      return { key: key, bundle: await openBundle(key, shareId, data) };
    }
    var message = null;
    for (;;) {
      var typed = await askPassphrase(message);
      var p = typed ? await passphraseKey(typed, shareId, head.iterations) : null;
      var tried = p ? await bundleKey(link, shareId, p) : null;
      try {
        if (tried) {
          return { key: tried, bundle: await openBundle(tried, shareId, data) };
        }
      } catch (e) {
        if (!(e instanceof Refused)) {
          throw e;
        }
      }
      message = words().wrong;
    }
  }

  /* ------------------------------------------------------------ the worker */

  /* The worker that controls this page, once one does (clients.claim in the worker). */
  function controller() {
    var container = navigator.serviceWorker;
    return new Promise(function (resolve, reject) {
      function done() {
        if (container.controller) {
          container.removeEventListener("controllerchange", done);
          resolve(container.controller);
        }
      }
      container.addEventListener("controllerchange", done);
      container.register("../sw.js", { scope: "../" }).then(done, reject);
      container.ready.then(done, reject);
      done();
    });
  }

  /* Hand the worker the share; resolves once the worker has stored it. */
  function handOver(worker, message) {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        channel.port1.close();
        var ok = event.data && event.data.type === "proofroom:stored";
        (ok ? resolve : reject)(new Refused());
      };
      worker.postMessage(message, [channel.port2]);
    });
  }

  /* ------------------------------------------------------------ start */

  function shareIdOf(path) {
    var parts = path.replace(/index\.html$/, "").split("/");
    var id = parts.length >= 2 ? parts[parts.length - 2] : "";
    return SHARE_ID.test(id) ? id : null;
  }

  function pageAsked() {
    var found = /^\?p=(\d{1,6})$/.exec(location.search);
    return found ? Number(found[1]) : 0;
  }

  function stored(shareId) {
    try {
      return keyOf(sessionStorage.getItem(STORE + shareId) || "");
    } catch (e) {
      return null; // storage refused: the link's fragment is the only way in
    }
  }

  function keep(shareId, key) {
    try {
      sessionStorage.setItem(STORE + shareId, toBase64url(key));
    } catch (e) {
      // storage refused: the pages open, but a restarted worker will need the link again
    }
  }

  async function start() {
    var shareId = shareIdOf(location.pathname);
    var link = keyOf(location.hash.replace(/^#/, ""));
    var kept = !link && shareId ? stored(shareId) : null;
    if (!shareId || (!link && !kept)) {
      throw new Refused();
    }
    var data = await fetchBundle();
    var opened = link
      ? await openWithLink(link, shareId, data)
      : { key: kept, bundle: await openBundle(kept, shareId, data) };
    var message = checked(opened.bundle, shareId);
    show([sentence(words().opening)]);
    var worker = await controller();
    await handOver(worker, message);
    keep(shareId, opened.key);
    location.replace(String(link ? 0 : Math.min(pageAsked(), message.pages.length - 1)) + "/");
  }

  function run() {
    var secure = window.isSecureContext && "serviceWorker" in navigator;
    if (!secure || !window.crypto || !crypto.subtle || !window.DecompressionStream) {
      refuse(words().insecure);
      return;
    }
    start().catch(function () {
      refuse(words().refused);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
