// "Notify me": after the tap (browsers allow sound only then), beep with WebAudio and vibrate
// when 3 or fewer people are ahead, when called, and again on each recall.
var audio = null, notifying = false;

function near(d) {
  return d.status === "waiting" && d.ahead !== null && d.ahead <= 3;
}

function beep(times) {
  var t = audio.currentTime + 0.05;
  for (var i = 0; i < times * 2; i += 1) {
    var osc = audio.createOscillator(), gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = i % 2 ? 660 : 880;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.6, t + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start(t);
    osc.stop(t + 0.32);
    t += 0.38;
  }
}

function signal(times) {
  if (!notifying) return;
  if (navigator.vibrate) navigator.vibrate(times > 1 ? [400, 200, 400, 200, 800] : [300, 150, 300]);
  if (audio) beep(times);
}

function toggleNotify() {
  var button = el("notify"), Context = window.AudioContext || window.webkitAudioContext;
  notifying = !notifying;
  if (notifying && !audio && Context) {
    try { audio = new Context(); } catch (ignored) { audio = null; }
  }
  if (notifying && audio && audio.resume) audio.resume();
  signal(1);  // the tap itself: the holder hears and feels what will come
  button.textContent = notifying ? T.notify_on : T.notify;
  button.className = notifying ? "on" : "";
  button.setAttribute("aria-pressed", String(notifying));
}

el("notify").onclick = toggleNotify;
alerts = function (before, d) {
  if (d.status === "called" && (before.status !== "called" || d.recalls > before.recalls)) {
    signal(3);
  } else if (near(d) && !near(before)) {
    signal(1);
  }
};
