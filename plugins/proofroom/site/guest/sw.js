/* Proofroom private sites: the service worker of guest links (s/sw.js, scope s/).
 *
 * The loader (s/loader.js) hands it each share it opens: the share's pages and its media
 * keys, kept in memory only. The worker then answers
 *
 * - s/<share id>/<n>/ with page n of the share (s/<share id>/<n> redirects there);
 * - s/m/<media id> by fetching the sealed file from the network with a Range header for
 *   just the 1 MiB chunks asked, and decrypting chunk by chunk into a stream (AES-GCM,
 *   nonce = the chunk's index, aad = "proofroom/v1/media" ‖ index ‖ last): the request's
 *   own Range is honoured (206), so a video plays and seeks holding a chunk or two;
 *   s/m/<media id>?download=<file name> is the same file as an attachment (a browser
 *   fetches <a download> past its worker, so guest.js turns such a click into this).
 *
 * A browser may stop the worker at any time, which empties its memory. A share or media
 * id it does not know then: it asks the page that made the request (guest.js) for the
 * bundle over a MessageChannel and answers once it has it; a navigation goes to the loader
 * (s/<share id>/?p=<n>), which opens the share again from sessionStorage. Failing that, 404
 * with an empty body. Everything else under the scope goes to the network untouched.
 *
 * Messages (each with a MessageChannel port for the answer):
 *   page → worker  {type: "proofroom:bundle", share, pages: [html], media: {id: entry}}
 *                  answered {type: "proofroom:stored", share} or {type: "proofroom:refused"}
 *   worker → page  {type: "proofroom:need-bundle"}
 *                  answered with a proofroom:bundle message, or {type: "proofroom:no-bundle"}
 */
(function () {
  "use strict";

  /* A decrypted page runs only the site's own scripts and reaches only the site: a string
     that escaped escaping somewhere still could not run or send anything away. */
  var PAGE_POLICY =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  var CHUNK = 1048576; // plaintext bytes per sealed chunk
  var TAG = 16; // bytes AES-GCM adds to each chunk
  var SEALED = CHUNK + TAG; // chunk i starts at i × SEALED in the sealed file
  var ASK_DEADLINE = 10000; // ms: a page that never answers does not hold a request forever
  var MEDIA_AAD = new TextEncoder().encode("proofroom/v1/media");
  var SCOPE = new URL(self.registration.scope);
  var PAGE = /^([a-z0-9]{8,32})\/(\d{1,6})(\/?)$/;
  var MEDIA = /^m\/([0-9a-f]{32})$/;
  var SHARE_ID = /^[a-z0-9]{8,32}$/;
  var MEDIA_ID = /^[0-9a-f]{32}$/;
  var KEY = /^[A-Za-z0-9_-]{43}$/;
  var TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+-]+)*$/;

  var shares = new Map(); // share id → {pages: [html], media: {media id → entry}}
  var media = new Map(); // media id → {key, size, type}, from every share held
  var keys = new Map(); // media id → Promise of its CryptoKey
  var asking = new Map(); // client id → Promise of the answer to need-bundle

  self.addEventListener("install", function (event) {
    event.waitUntil(self.skipWaiting());
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(self.clients.claim());
  });

  /* ------------------------------------------------------------ shares */

  function validEntry(id, entry) {
    return (
      MEDIA_ID.test(id) &&
      !!entry &&
      typeof entry.key === "string" &&
      KEY.test(entry.key) &&
      Number.isSafeInteger(entry.size) &&
      entry.size >= 0 &&
      typeof entry.type === "string" &&
      TYPE.test(entry.type)
    );
  }

  function valid(data) {
    if (!data || data.type !== "proofroom:bundle" || !SHARE_ID.test(data.share)) {
      return false;
    }
    var pages = data.pages;
    if (!Array.isArray(pages) || !pages.length || pages.some((p) => typeof p !== "string")) {
      return false;
    }
    var entries = data.media && typeof data.media === "object" ? data.media : null;
    var ends = data.expires === null || data.expires === undefined || isFinite(data.expires);
    return ends && !!entries && Object.keys(entries).every((id) => validEntry(id, entries[id]));
  }

  /* Keep a share handed over by a page; false when the message is not one. */
  function store(data) {
    if (!valid(data)) {
      return false;
    }
    var expires = typeof data.expires === "number" ? data.expires : null;
    shares.set(data.share, { pages: data.pages, media: data.media, expires: expires });
    Object.keys(data.media).forEach(function (id) {
      media.set(id, data.media[id]);
    });
    return true;
  }

  self.addEventListener("message", function (event) {
    var ok = store(event.data);
    var port = event.ports && event.ports[0];
    if (port) {
      var answer = { type: ok ? "proofroom:stored" : "proofroom:refused" };
      if (ok) {
        answer.share = event.data.share;
      }
      port.postMessage(answer);
      port.close();
    }
  });

  /* One client's answer to need-bundle (null when it has none, or never answers). */
  function ask(client) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var deadline = setTimeout(function () {
        channel.port1.close();
        resolve(null);
      }, ASK_DEADLINE);
      channel.port1.onmessage = function (event) {
        clearTimeout(deadline);
        channel.port1.close();
        resolve(event.data);
      };
      client.postMessage({ type: "proofroom:need-bundle" }, [channel.port2]);
    });
  }

  function askOnce(client) {
    if (!asking.has(client.id)) {
      var answer = ask(client)
        .catch(function () {
          return null; // the client went away
        })
        .then(function (data) {
          asking.delete(client.id);
          return store(data);
        });
      asking.set(client.id, answer);
    }
    return asking.get(client.id);
  }

  /* After a restart: the bundle again, from the page that asked (else from any page of
     the scope, for a request no page made, such as a download). */
  async function recover(clientId) {
    var own = clientId ? await self.clients.get(clientId) : null;
    var candidates = own ? [own] : await self.clients.matchAll({ type: "window" });
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].url.indexOf(SCOPE.href) === 0 && (await askOnce(candidates[i]))) {
        return;
      }
    }
  }

  /* ------------------------------------------------------------ responses */

  /* A share past its expiry leaves the worker's memory, with the keys of the media only
     it gave: a tab left open stops there, and its next page goes to the loader, which
     refuses the link. */
  function forgetExpired() {
    var now = Date.now();
    var gone = [];
    shares.forEach(function (share, id) {
      if (share.expires !== null && !(share.expires > now)) {
        gone.push(id);
      }
    });
    if (!gone.length) {
      return;
    }
    gone.forEach(function (id) {
      shares.delete(id);
    });
    media.clear();
    shares.forEach(function (share) {
      Object.keys(share.media).forEach(function (id) {
        media.set(id, share.media[id]);
      });
    });
  }

  function empty(status, extra) {
    var headers = new Headers({ "Cache-Control": "no-store" });
    Object.keys(extra || {}).forEach(function (name) {
      headers.set(name, extra[name]);
    });
    return new Response(null, { status: status, headers: headers });
  }

  async function answerPage(event, shareId, n) {
    var request = event.request;
    if (!shares.has(shareId) && request.mode === "navigate") {
      return Response.redirect(SCOPE.href + shareId + "/?p=" + n, 302);
    }
    if (!shares.has(shareId)) {
      await recover(event.clientId);
    }
    var share = shares.get(shareId);
    if (!share || n >= share.pages.length) {
      return empty(404);
    }
    var headers = {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": PAGE_POLICY,
    };
    return new Response(request.method === "HEAD" ? null : share.pages[n], { headers: headers });
  }

  /* The plaintext bytes a Range header asks for: {start, end, partial}, or null when
     it cannot be satisfied (416). A form this worker does not serve (several ranges) gets
     the whole file, as the standard allows. */
  function wanted(header, size) {
    var whole = { start: 0, end: size - 1, partial: false };
    var found = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
    if (!found || (!found[1] && !found[2])) {
      return whole;
    }
    var start = found[1] ? Number(found[1]) : Math.max(0, size - Number(found[2]));
    var end = found[1] && found[2] ? Math.min(Number(found[2]), size - 1) : size - 1;
    if (!found[1] && Number(found[2]) === 0) {
      return null;
    }
    return start < size && start <= end ? { start: start, end: end, partial: true } : null;
  }

  /* A download asked by guest.js (?download=<file name>): saved, not shown. */
  function disposition(name) {
    var ascii = name.replace(/[^A-Za-z0-9._ -]/g, "_").slice(0, 120) || "download";
    return 'attachment; filename="' + ascii + "\"; filename*=UTF-8''" + encodeURIComponent(name);
  }

  function mediaHeaders(entry, range) {
    var headers = new Headers({
      "Content-Type": entry.type,
      "Content-Length": String(range.end - range.start + 1),
      "Accept-Ranges": "bytes",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    });
    if (range.partial) {
      headers.set("Content-Range", "bytes " + range.start + "-" + range.end + "/" + entry.size);
    }
    return headers;
  }

  async function answerMedia(event, id) {
    if (!media.has(id)) {
      await recover(event.clientId);
    }
    var entry = media.get(id);
    if (!entry) {
      return empty(404);
    }
    var request = event.request;
    var download = new URL(request.url).searchParams.get("download");
    var range = entry.size ? wanted(request.headers.get("Range"), entry.size) : null;
    if (!range && entry.size) {
      return empty(416, { "Content-Range": "bytes */" + entry.size, "Accept-Ranges": "bytes" });
    }
    range = range || { start: 0, end: -1, partial: false };
    var status = range.partial ? 206 : 200;
    var headers = mediaHeaders(entry, range);
    if (download !== null) {
      headers.set("Content-Disposition", disposition(download));
    }
    if (request.method === "HEAD" || !entry.size) {
      return new Response(null, { status: status, headers: headers });
    }
    var body = await plaintext(SCOPE.href + "m/" + id, id, entry, range);
    return body ? new Response(body, { status: status, headers: headers }) : empty(404);
  }

  /* ------------------------------------------------------------ decryption */

  function fromBase64url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function mediaKey(id, entry) {
    if (!keys.has(id)) {
      var raw = fromBase64url(entry.key);
      keys.set(id, crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]));
    }
    return keys.get(id);
  }

  function chunkCount(size) {
    return Math.max(1, Math.ceil(size / CHUNK));
  }

  function sealedSize(size) {
    return size + chunkCount(size) * TAG;
  }

  function nonce(index) {
    var iv = new Uint8Array(12);
    new DataView(iv.buffer).setUint32(8, index);
    return iv;
  }

  function chunkAad(index, last) {
    var aad = new Uint8Array(MEDIA_AAD.length + 5);
    aad.set(MEDIA_AAD, 0);
    new DataView(aad.buffer).setUint32(MEDIA_AAD.length, index);
    aad[aad.length - 1] = last ? 1 : 0;
    return aad;
  }

  /* Exact reads over a byte stream: read(n) gives n bytes (or fails), skip(n) drops n. */
  function exact(body) {
    var reader = body.getReader();
    var pending = [];
    var have = 0;

    async function more() {
      var next = await reader.read();
      if (next.done) {
        throw new Error("the sealed file ends early");
      }
      pending.push(next.value);
      have += next.value.length;
    }

    function take(n, into) {
      var at = 0;
      while (at < n) {
        var head = pending[0];
        var part = Math.min(head.length, n - at);
        if (into) {
          into.set(head.subarray(0, part), at);
        }
        pending[0] = head.subarray(part);
        if (!pending[0].length) {
          pending.shift();
        }
        at += part;
      }
      have -= n;
      return into;
    }

    return {
      read: async function (n) {
        while (have < n) {
          await more();
        }
        return take(n, new Uint8Array(n));
      },
      skip: async function (n) {
        while (n > 0) {
          if (!have) {
            await more();
          }
          var part = Math.min(n, have);
          take(part, null);
          n -= part;
        }
      },
      cancel: function () {
        reader.cancel().catch(function () {});
      },
    };
  }

  /* The sealed bytes of chunks first..last from the network, positioned at chunk first
     (a host that ignores Range sends the whole file: the bytes before are skipped). */
  async function sealedSource(url, entry, first, last) {
    var from = first * SEALED;
    var to = Math.min((last + 1) * SEALED, sealedSize(entry.size)) - 1;
    var upstream = await fetch(url, {
      headers: { Range: "bytes=" + from + "-" + to },
      cache: "no-store",
      credentials: "same-origin",
    });
    var at = 0;
    if (upstream.status === 206) {
      var given = /^bytes (\d+)-/.exec(upstream.headers.get("Content-Range") || "");
      at = given ? Number(given[1]) : -1;
    } else if (upstream.status !== 200) {
      at = -1;
    }
    if (at < 0 || at > from || !upstream.body) {
      if (upstream.body) {
        upstream.body.cancel().catch(function () {});
      }
      return null;
    }
    var source = exact(upstream.body);
    await source.skip(from - at);
    return source;
  }

  /* The plaintext of range as a stream, decrypting one chunk per pull; null when the
     sealed file cannot be fetched. */
  async function plaintext(url, id, entry, range) {
    var key = await mediaKey(id, entry);
    var count = chunkCount(entry.size);
    var first = Math.floor(range.start / CHUNK);
    var last = Math.floor(range.end / CHUNK);
    var source = await sealedSource(url, entry, first, last);
    if (!source) {
      return null;
    }
    var index = first;
    return new ReadableStream({
      pull: async function (controller) {
        var plainLength = Math.min(CHUNK, entry.size - index * CHUNK);
        var sealed = await source.read(plainLength + TAG);
        var aad = chunkAad(index, index === count - 1);
        var params = { name: "AES-GCM", iv: nonce(index), additionalData: aad };
        var plain = new Uint8Array(await crypto.subtle.decrypt(params, key, sealed));
        var lo = index === first ? range.start - index * CHUNK : 0;
        var hi = index === last ? range.end - index * CHUNK + 1 : plain.length;
        controller.enqueue(plain.subarray(lo, hi));
        index += 1;
        if (index > last) {
          source.cancel();
          controller.close();
        }
      },
      cancel: function () {
        source.cancel();
      },
    });
  }

  /* ------------------------------------------------------------ routing */

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return;
    }
    if (url.origin !== SCOPE.origin || url.pathname.indexOf(SCOPE.pathname) !== 0) {
      return;
    }
    forgetExpired();
    var rest = url.pathname.slice(SCOPE.pathname.length);
    var found = MEDIA.exec(rest);
    if (found) {
      event.respondWith(answerMedia(event, found[1]).catch(() => empty(404)));
      return;
    }
    found = PAGE.exec(rest);
    if (found && !found[3]) {
      event.respondWith(Response.redirect(SCOPE.href + found[1] + "/" + found[2] + "/", 302));
    } else if (found) {
      event.respondWith(answerPage(event, found[1], Number(found[2])).catch(() => empty(404)));
    }
  });
})();
