// Shared by the live pages: boot data, the banner's texts, and the link to the server.
var boot = JSON.parse(document.getElementById("boot").textContent);
var T = boot.texts;

function el(id) {
  return document.getElementById(id);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, key) {
    return values[key] === undefined ? whole : String(values[key]);
  });
}

function hhmm() {
  var now = new Date(), h = now.getHours(), m = now.getMinutes();
  return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
}

// Server-Sent Events first; polling when EventSource is missing or keeps failing, with a quiet
// try of SSE again about once a minute. The banner says when the link or the database is lost.
function live(kind, onData) {
  var banner = el("conn"), failures = 0, polls = 0, lastHeard = hhmm();
  var trouble = false, hideTimer = null;

  function show(message, ok) {
    clearTimeout(hideTimer);
    banner.textContent = message;
    banner.className = ok ? "conn ok" : "conn";
    banner.hidden = false;
  }
  function healthy() {
    lastHeard = hhmm();
    if (!trouble) return;
    trouble = false;
    show(T.back, true);
    hideTimer = setTimeout(function () { banner.hidden = true; }, 5000);
  }
  function lost(message, asOf) {
    trouble = true;
    show(message + " " + fill(T.last_data, {time: asOf || lastHeard}), false);
  }
  function status(s) {
    if (s.online) healthy(); else lost(T.db_lost, s.as_of);
  }
  function stream(probing) {
    var source = new EventSource(boot.stream);
    source.addEventListener(kind, function (e) {
      failures = 0;
      healthy();
      onData(JSON.parse(e.data));
    });
    source.addEventListener("status", function (e) {
      failures = 0;
      probing = false;
      status(JSON.parse(e.data));
    });
    source.onerror = function () {
      failures += 1;
      if (!probing) lost(T.conn_lost);
      if (probing || failures >= 3 || source.readyState === 2) {
        source.close();
        poll();
      }
    };
  }
  function later(request, seconds) {
    var asked = parseInt(request.getResponseHeader("Retry-After") || "0", 10) || 0;
    setTimeout(poll, 1000 * Math.max(seconds, asked));
  }
  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", boot.poll);
    request.timeout = 10000;
    request.onload = function () {
      var data = null;
      try { data = JSON.parse(request.responseText); } catch (ignored) { data = null; }
      if (data && (request.status === 200 || request.status === 410)) {
        healthy();
        onData(data);
        polls += 1;
        if (window.EventSource && polls % 6 === 0) {
          failures = 0;
          stream(true);
          return;
        }
      } else if (request.status === 503) {
        lost(T.db_lost, data && data.as_of);
      } else {
        lost(T.conn_lost);
      }
      later(request, 10);
    };
    request.onerror = request.ontimeout = function () {
      lost(T.conn_lost);
      setTimeout(poll, 15000);
    };
    request.send();
  }
  if (window.EventSource) stream(false); else poll();
}
