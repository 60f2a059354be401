// The ticket page: swaps in the updates the server renders (web/ticket_card.py); notify.js and
// survey.js add the rest. No rule of the card lives here.
var shown = boot.view;
var alerts;  // set by notify.js (it comes first) on pages that can still be called

function show(view, before) {
  var card = el("card"), survey = el("survey");
  if (view.card !== undefined && view.version !== before.version) {
    card.className = view["class"];
    card.innerHTML = view.card;
  }
  if (el("notify-box")) el("notify-box").hidden = !view.notify;
  el("thanks").hidden = !view.thanks;
  if (survey && !view.survey) survey.hidden = true;
  document.title = view.title;
}

function apply(view) {
  if (view.reload || (view.survey && !el("survey"))) {
    location.reload();  // the server renders these pages in full
    return;
  }
  if (alerts) alerts(shown, view);
  show(view, shown);
  shown = view;
}

show(shown, {});
live("ticket", apply);
