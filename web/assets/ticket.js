// The ticket page: the card follows the JSON (notify.js and survey.js add the rest).
var current = boot.data;
var alerts;  // set by notify.js (it comes first) on pages that can still be called

function aheadText(n) {
  if (n === 0) return T.ahead_0;
  return n === 1 ? T.ahead_1 : fill(T.ahead_n, {n: n});
}

// Mirrors web/ticket_page.py step_lines().
function stepLines(d) {
  if (!d.step) return [];
  var line = fill(T.step, {n: d.step.n, of: d.step.of});
  var name = boot.lang === "id" ? d.step.name_id : d.step.name_en;
  return [name ? line + ": " + name : line];
}

// Mirrors web/ticket_page.py card(): the same texts for the same data.
function card(d) {
  var at = {counter: d.counter};
  switch (d.status) {
  case "waiting":
    if (d.session_from) {
      return {tone: "t-wait", head: T.waiting, big: fill(T.session_from, {time: d.session_from}),
        lines: stepLines(d), advice: T.stay};
    }
    return {tone: "t-wait", head: T.waiting,
      big: d.ahead === null ? "" : aheadText(d.ahead),
      lines: stepLines(d).concat(
        [d.wait ? fill(T.wait_range, {low: d.wait[0], high: d.wait[1]}) : T.wait_unknown]),
      advice: d.ahead !== null && d.ahead <= 3 ? T.soon : T.stay};
  case "called":
    return {tone: "t-call", head: fill(T.called, at),
      big: d.recalls > 0 ? fill(T.recalled, {n: d.recalls}) : "",
      lines: stepLines(d).concat(d.called_time ? [fill(T.called_at, {time: d.called_time})] : []),
      advice: T.called_advice};
  case "serving":
    return {tone: "t-serve", head: fill(T.serving, at), big: "", lines: stepLines(d), advice: ""};
  case "no_show":
    return {tone: "t-warn", head: T.no_show, big: "", lines: [], advice: T.no_show_advice};
  case "finished":
    return {tone: "t-done", head: T.finished, big: "", lines: [T.finished_note], advice: ""};
  case "cancelled":
    return {tone: "t-off", head: T.cancelled, big: "", lines: [], advice: T.ask_desk};
  default:
    return {tone: "t-off", head: T.expired, big: "", lines: [], advice: T.ask_desk};
  }
}

function render(d) {
  var view = card(d), lines = el("lines"), survey = el("survey");
  el("card").className = "panel card " + view.tone;
  el("head").textContent = view.head;
  lines.textContent = "";
  if (view.big) lines.appendChild(make("p", "big", view.big));
  view.lines.forEach(function (line) { lines.appendChild(make("p", "", line)); });
  el("advice").textContent = view.advice;
  el("advice").hidden = !view.advice;
  if (el("notify-box")) el("notify-box").hidden = !(d.status === "waiting" || d.status === "called");
  el("thanks").hidden = d.survey !== "answered";
  if (survey && d.survey !== "open") survey.hidden = true;
  document.title = d.status === "called" ? "▶ " + view.head : boot.title;
}

function apply(d) {
  if (d.status === "past" || d.status === "not_found" || (d.survey === "open" && !el("survey"))) {
    location.reload();  // the server renders these pages in full
    return;
  }
  if (alerts) alerts(current, d);
  current = d;
  render(d);
}

render(current);
live("ticket", apply);
