// The survey sent as JSON, so the page stays; without JavaScript the form posts by itself.
function surveyError(message) {
  var box = el("survey-error");
  box.textContent = message;
  box.hidden = false;
  box.scrollIntoView();
}

function surveyDone(message) {
  el("survey").hidden = true;
  el("thanks").textContent = message;
  el("thanks").hidden = false;
}

function sendSurvey(event) {
  var form = el("survey-form"), answers = {}, missing = false, request = new XMLHttpRequest();
  event.preventDefault();
  boot.items.forEach(function (item) {
    var chosen = form.querySelector("input[name=" + item + "]:checked");
    if (chosen) answers[item] = Number(chosen.value); else missing = true;
  });
  if (missing) {
    surveyError(T.survey_incomplete);
    return;
  }
  request.open("POST", boot.survey);
  request.setRequestHeader("Content-Type", "application/json");
  request.onload = function () {
    var reply = null;
    try { reply = JSON.parse(request.responseText); } catch (ignored) { reply = null; }
    if (request.status === 200) surveyDone(T.survey_thanks);
    else if (request.status === 409 && reply && reply.error === "survey_answered") surveyDone(T.survey_twice);
    else if (request.status === 403) surveyError(T.page_expired);
    else surveyError(reply && reply.message ? reply.message : T.survey_failed);
  };
  request.onerror = function () { surveyError(T.survey_failed); };
  request.send(JSON.stringify({csrf: boot.csrf, answers: answers}));
}

el("survey-form").onsubmit = sendSurvey;
