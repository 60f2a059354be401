// "Notify me": after the tap (browsers allow sound only then), beep with WebAudio and vibrate
// whenever the server's alert for the ticket changes (it comes near the front, is called,
// is called again), as many times as the update says.
var audio = null, notifying = false;

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
alerts = function (before, now) {
  if (now.alert && now.alert !== before.alert) signal(now.beeps);
};
